using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Sfu.Core.Srtp.Native;

namespace Sfu.Benchmarks;

/// <summary>
/// Baselines for <see cref="SrtpBenchmarks"/>, measured in the same run: raw libcrypto EVP AES-128-GCM with reused
/// contexts (the floor the accelerated backend is held to), and Debian's libsrtp2 (libsrtp2-1) for information.
/// libsrtp2 is skipped with a message when it is not installed.
/// </summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
public unsafe partial class SrtpBaselineBenchmarks
{
    private const int Payload = 1200;
    private const int Header = 12;
    private nint _seal;
    private nint _open;
    private byte[] _packet = null!;
    private byte[] _sealed = null!;
    private byte[] _work = null!;
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];

    private bool _haveLibSrtp;
    private nint _srtpGcm;
    private nint _srtpCm;
    private byte[] _srtpBuffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var key = new byte[16];
        rng.NextBytes(key);
        rng.NextBytes(_nonce);
        _packet = new byte[Header + Payload + 16];
        _packet[0] = 0x80;
        rng.NextBytes(_packet.AsSpan(Header, Payload));
        _work = new byte[_packet.Length];

        _seal = LibCrypto.EVP_CIPHER_CTX_new();
        _open = LibCrypto.EVP_CIPHER_CTX_new();
        fixed (byte* k = key)
        {
            LibCrypto.EVP_EncryptInit_ex(_seal, LibCrypto.EVP_aes_128_gcm(), 0, k, null);
            LibCrypto.EVP_DecryptInit_ex(_open, LibCrypto.EVP_aes_128_gcm(), 0, k, null);
        }
        _sealed = _packet.ToArray();
        Seal(_sealed);
        _sealed.AsSpan(Header + Payload, 16).CopyTo(_tag);

        _haveLibSrtp = NativeLibrary.TryLoad("libsrtp2.so.1", out _);
        if (!_haveLibSrtp)
        {
            Console.WriteLine("// libsrtp2.so.1 not found (apt-get install libsrtp2-1): the LibSrtp2 benchmarks are skipped and report ~0 ns");
            return;
        }
        if (LibSrtp2.srtp_init() != 0) throw new InvalidOperationException("srtp_init failed");
        var material = new byte[30];
        rng.NextBytes(material);
        _srtpGcm = LibSrtp2.CreateOutbound(material, gcm: true);
        _srtpCm = LibSrtp2.CreateOutbound(material, gcm: false);
        _srtpBuffer = new byte[Header + Payload + 32];
        _packet.AsSpan(0, Header + Payload).CopyTo(_srtpBuffer);
        // A failing srtp_protect would return early and time nothing: check both sessions really add their tag.
        if (LibSrtp2.Protect(_srtpGcm, _srtpBuffer, Header + Payload) != Header + Payload + 16 ||
            LibSrtp2.Protect(_srtpCm, _srtpBuffer, Header + Payload) != Header + Payload + 10)
        {
            throw new InvalidOperationException("srtp_protect did not protect");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        LibCrypto.EVP_CIPHER_CTX_free(_seal);
        LibCrypto.EVP_CIPHER_CTX_free(_open);
        if (_haveLibSrtp)
        {
            LibSrtp2.srtp_dealloc(_srtpGcm);
            LibSrtp2.srtp_dealloc(_srtpCm);
        }
    }

    private void Seal(byte[] buffer)
    {
        int n;
        var scratch = stackalloc byte[16];
        fixed (byte* iv = _nonce)
        fixed (byte* p = buffer)
        {
            LibCrypto.EVP_EncryptInit_ex_Iv(_seal, 0, 0, null, iv);
            LibCrypto.EVP_EncryptUpdate(_seal, null, &n, p, Header);
            LibCrypto.EVP_EncryptUpdate(_seal, p + Header, &n, p + Header, Payload);
            LibCrypto.EVP_EncryptFinal_ex(_seal, scratch, &n);
            LibCrypto.EVP_CIPHER_CTX_ctrl(_seal, LibCrypto.EvpCtrlAeadGetTag, 16, p + Header + Payload);
        }
    }

    /// <summary>Raw EVP AES-128-GCM seal in place: IV, 12-byte AAD, 1,200-byte payload, final, get tag.</summary>
    [Benchmark(Baseline = true)]
    public int RawLibcryptoGcm128Seal()
    {
        Seal(_packet);
        return _packet[Header];
    }

    /// <summary>Raw EVP AES-128-GCM open, including the copy of the sealed packet into the work buffer.</summary>
    [Benchmark]
    public int RawLibcryptoGcm128Open()
    {
        _sealed.AsSpan().CopyTo(_work);
        int n;
        var scratch = stackalloc byte[16];
        fixed (byte* iv = _nonce)
        fixed (byte* p = _work)
        fixed (byte* t = _tag)
        {
            LibCrypto.EVP_DecryptInit_ex_Iv(_open, 0, 0, null, iv);
            LibCrypto.EVP_DecryptUpdate(_open, null, &n, p, Header);
            LibCrypto.EVP_DecryptUpdate(_open, p + Header, &n, p + Header, Payload);
            LibCrypto.EVP_CIPHER_CTX_ctrl(_open, LibCrypto.EvpCtrlAeadSetTag, 16, t);
            return LibCrypto.EVP_DecryptFinal_ex(_open, scratch, &n);
        }
    }

    /// <summary>libsrtp2 srtp_protect, AEAD_AES_128_GCM (repeat transmissions allowed, so one packet can be protected repeatedly).</summary>
    [Benchmark]
    public int LibSrtp2ProtectGcm128() => _haveLibSrtp ? LibSrtp2.Protect(_srtpGcm, _srtpBuffer, Header + Payload) : 0;

    /// <summary>libsrtp2 srtp_protect, AES_CM_128_HMAC_SHA1_80.</summary>
    [Benchmark]
    public int LibSrtp2ProtectCm80() => _haveLibSrtp ? LibSrtp2.Protect(_srtpCm, _srtpBuffer, Header + Payload) : 0;

    /// <summary>Just enough of libsrtp2 2.x (srtp.h) to protect: srtp_policy_t is 128 bytes on x86-64.</summary>
    private static partial class LibSrtp2
    {
        private const string Lib = "libsrtp2.so.1";
        private const int PolicySize = 128;
        private const int RtpPolicyOffset = 8;
        private const int RtcpPolicyOffset = 32;
        private const int KeyOffset = 56;
        private const int WindowSizeOffset = 88;
        private const int AllowRepeatTxOffset = 96;
        private const int SsrcAnyOutbound = 3;

        [LibraryImport(Lib)] public static partial int srtp_init();
        [LibraryImport(Lib)] public static partial int srtp_create(nint* session, void* policy);
        [LibraryImport(Lib)] public static partial int srtp_dealloc(nint session);
        [LibraryImport(Lib)] public static partial int srtp_protect(nint session, void* rtp, int* length);
        [LibraryImport(Lib)] public static partial void srtp_crypto_policy_set_aes_gcm_128_16_auth(void* policy);
        [LibraryImport(Lib)] public static partial void srtp_crypto_policy_set_rtp_default(void* policy);
        [LibraryImport(Lib)] public static partial void srtp_crypto_policy_set_rtcp_default(void* policy);

        public static nint CreateOutbound(byte[] material, bool gcm)
        {
            var policy = (byte*)NativeMemory.AllocZeroed(PolicySize);
            var key = (byte*)NativeMemory.Alloc((nuint)material.Length);
            try
            {
                material.AsSpan().CopyTo(new Span<byte>(key, material.Length));
                *(int*)policy = SsrcAnyOutbound;
                if (gcm)
                {
                    srtp_crypto_policy_set_aes_gcm_128_16_auth(policy + RtpPolicyOffset);
                    srtp_crypto_policy_set_aes_gcm_128_16_auth(policy + RtcpPolicyOffset);
                }
                else
                {
                    srtp_crypto_policy_set_rtp_default(policy + RtpPolicyOffset);
                    srtp_crypto_policy_set_rtcp_default(policy + RtcpPolicyOffset);
                }
                *(nint*)(policy + KeyOffset) = (nint)key;
                *(nuint*)(policy + WindowSizeOffset) = 128;
                *(int*)(policy + AllowRepeatTxOffset) = 1;
                nint session;
                var status = srtp_create(&session, policy);
                if (status != 0) throw new InvalidOperationException($"srtp_create failed: {status}");
                return session;
            }
            finally
            {
                NativeMemory.Free(policy);
                NativeMemory.Free(key);
            }
        }

        public static int Protect(nint session, byte[] buffer, int length)
        {
            fixed (byte* p = buffer)
            {
                var n = length;
                return srtp_protect(session, p, &n) == 0 ? n : -1;
            }
        }
    }
}
