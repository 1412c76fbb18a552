using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using Sfu.Core.Srtp;

namespace Sfu.Benchmarks;

/// <summary>
/// SRTP and SRTCP protect / unprotect of a 1,200-byte payload (12-byte RTP header; 8-byte RTCP header) with each
/// backend. Unprotect includes copying the protected packet into the work buffer (about 30 ns), because it
/// decrypts in place; <see cref="SrtpBaselineBenchmarks"/> pays the same copy. The same packet is unprotected
/// over and over, so the receiving context runs its replay check but ignores the verdict (an internal switch).
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
public class SrtpBenchmarks
{
    private const int Payload = 1200;
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _rtp = null!;
    private byte[] _rtpProtected = null!;
    private byte[] _rtcp = null!;
    private byte[] _rtcpProtected = null!;
    private byte[] _work = null!;
    private int _rtpProtectedLength;
    private int _rtcpProtectedLength;

    [Params(SrtpBackend.Accelerated, SrtpBackend.Portable)]
    public SrtpBackend Backend { get; set; }

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var key = new byte[Profile.KeyLength()];
        var salt = new byte[Profile.SaltLength()];
        rng.NextBytes(key);
        rng.NextBytes(salt);
        var options = new SrtpContextOptions { Backend = Backend };
        _sender = SrtpContext.Create(Profile, key, salt, options);
        _receiver = SrtpContext.Create(Profile, key, salt, options);
        if (_sender.Backend != Backend) Console.WriteLine($"// note: {Backend} backend unavailable, measuring {_sender.Backend}");
        _receiver.IgnoreReplayForBenchmarks = true;

        _rtp = new byte[12 + Payload + 16];
        _rtp[0] = 0x80; _rtp[1] = 96; _rtp[3] = 1; _rtp[11] = 0x42;
        rng.NextBytes(_rtp.AsSpan(12, Payload));
        _rtpProtected = _rtp.ToArray();
        _sender.TryProtectRtp(_rtpProtected, 12 + Payload, out _rtpProtectedLength);

        _rtcp = new byte[8 + Payload + 20];
        _rtcp[0] = 0x80; _rtcp[1] = 200; _rtcp[7] = 0x42;
        rng.NextBytes(_rtcp.AsSpan(8, Payload));
        _rtcpProtected = _rtcp.ToArray();
        _sender.TryProtectRtcp(_rtcpProtected, 8 + Payload, out _rtcpProtectedLength);
        _work = new byte[_rtcp.Length];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    /// <summary>Encrypts the same buffer again each call (same SSRC and sequence number: the cost is the same).</summary>
    [Benchmark]
    public int ProtectRtp()
    {
        _sender.TryProtectRtp(_rtp, 12 + Payload, out var n);
        return n;
    }

    [Benchmark]
    public int UnprotectRtp()
    {
        _rtpProtected.AsSpan(0, _rtpProtectedLength).CopyTo(_work);
        _receiver.TryUnprotectRtp(_work.AsSpan(0, _rtpProtectedLength), out var n, out _);
        return n;
    }

    /// <summary>Each call takes the next SRTCP index, as a real sender does.</summary>
    [Benchmark]
    public int ProtectRtcp()
    {
        _sender.TryProtectRtcp(_rtcp, 8 + Payload, out var n);
        return n;
    }

    [Benchmark]
    public int UnprotectRtcp()
    {
        _rtcpProtected.AsSpan(0, _rtcpProtectedLength).CopyTo(_work);
        _receiver.TryUnprotectRtcp(_work.AsSpan(0, _rtcpProtectedLength), out var n, out _);
        return n;
    }
}
