using Microsoft.Win32.SafeHandles;

namespace Sfu.Core.Srtp.Native;

/// <summary>Owns one EVP_CIPHER_CTX; freed exactly once, on dispose or finalization.</summary>
internal sealed class EvpCipherContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EvpCipherContextHandle() : base(ownsHandle: true) => SetHandle(LibCrypto.EVP_CIPHER_CTX_new());

    /// <summary>A new context, or an exception when OpenSSL could not allocate one.</summary>
    public static EvpCipherContextHandle Create()
    {
        var h = new EvpCipherContextHandle();
        if (h.IsInvalid)
        {
            h.Dispose();
            throw new InvalidOperationException("EVP_CIPHER_CTX_new failed");
        }
        return h;
    }

    protected override bool ReleaseHandle()
    {
        LibCrypto.EVP_CIPHER_CTX_free(handle);
        return true;
    }
}
