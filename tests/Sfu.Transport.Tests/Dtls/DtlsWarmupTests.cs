using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>The start-up self-handshake.</summary>
public sealed class DtlsWarmupTests
{
    [Fact]
    public async Task Warmup_completes_a_self_handshake_on_the_given_pool()
    {
        using var pool = new DtlsHandshakePool(maxConcurrent: 2);
        var elapsed = await DtlsWarmup.RunAsync(DtlsTestPeers.ServerCertificate, pool);
        Assert.True(elapsed > TimeSpan.Zero);
        Assert.Equal(2, pool.ThreadCount); // client and server each ran on a pool thread
        // A second run reuses the threads.
        await DtlsWarmup.RunAsync(DtlsTestPeers.ServerCertificate, pool);
        Assert.Equal(2, pool.ThreadCount);
    }
}
