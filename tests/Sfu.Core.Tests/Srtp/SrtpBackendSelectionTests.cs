using Sfu.Core.Srtp;

namespace Sfu.Core.Tests.Srtp;

public class SrtpBackendSelectionTests
{
    [Fact]
    public void Accelerated_IsUsedOnDebianWhereLibcryptoIsPresent()
    {
        // Debian 12 ships libcrypto.so.3 on every machine this project targets; a silent fallback would hide a regression.
        Assert.True(SrtpCipherFactory.AcceleratedAvailable);
        using var context = SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        Assert.Equal(SrtpBackend.Accelerated, context.Backend);
    }

    [Fact]
    public void Portable_IsUsedWhenAskedFor()
    {
        using var context = SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12], new SrtpContextOptions { Backend = SrtpBackend.Portable });
        Assert.Equal(SrtpBackend.Portable, context.Backend);
    }

    [Fact]
    public void Create_RefusesWrongKeyAndSaltLengthsAndUnknownProfiles()
    {
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[32], new byte[12]));
        Assert.Throws<ArgumentException>(() => SrtpContext.Create(SrtpProfile.AesCm128HmacSha1_80, new byte[16], new byte[12]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpContext.Create((SrtpProfile)0x0005, new byte[16], new byte[14]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12],
            new SrtpContextOptions { ReplayWindowSize = ReplayWindow.MaxSize + 1 }));
    }

    [Fact]
    public void DisposedContext_ThrowsInsteadOfTouchingFreedNativeState()
    {
        var context = SrtpContext.Create(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[12]);
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => context.TryUnprotectRtp(new byte[100], out _, out _));
    }
}
