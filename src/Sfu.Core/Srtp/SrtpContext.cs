using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Sfu.Core.Buffers;

namespace Sfu.Core.Srtp;

/// <summary>
/// One direction of SRTP and SRTCP under one master key: protect (what this side sends) or unprotect (what the
/// peer sends), in place, in the caller's buffer. Session keys are derived and expanded once, here; per packet
/// only an IV is built. Not thread-safe: a context belongs to one shard thread.
/// </summary>
/// <remarks>
/// <para>RFC 3711 (SRTP, AES-CM, HMAC-SHA1, key derivation with kdr 0, ROC estimation of Appendix A, replay),
/// RFC 7714 (AES-GCM: IVs of sections 8.1 and 9.1, AAD, 16-byte tag), RFC 6188 (AES-256 KDF) and RFC 5764
/// section 4.1.2 (profiles; SRTCP of AES_CM_128_HMAC_SHA1_32 keeps the 80-bit tag).</para>
/// <code>
///  SRTP (RFC 3711 3.1)                       SRTCP (RFC 3711 3.4; RFC 7714 9 moves the tag before E|index)
///  +-------------------------------+         +-------------------------------+
///  | RTP header (12 + 4*CC + ext)  | AAD     | RTCP header + sender SSRC (8) | AAD
///  +-------------------------------+         +-------------------------------+
///  | payload (+ padding)           | enc     | rest of the compound          | enc when E = 1
///  +-------------------------------+         +-------------------------------+
///  | tag (10 / 4 / 16)             |         | AES-CM: E|index(4) then tag(10)|
///  +-------------------------------+         | GCM:    tag(16) then E|index(4)|
///                                            +-------------------------------+
/// </code>
/// <para>Unprotect checks the replay window before any cipher work, so a replay flood is cheap, and records
/// the index (and advances the ROC) only after the tag verified, so forged packets never change state. A
/// new SSRC is learned only from an authenticated packet, so random SSRCs cannot fill the table. When a packet
/// is refused its buffer contents are unspecified (it is being dropped) but the context is unchanged.</para>
/// <para>Not supported, on purpose (WebRTC does not use them): MKI, key derivation rates other than 0,
/// AES-f8, NULL ciphers, and protecting SRTCP unencrypted (E = 0 is accepted on receive only).</para>
/// </remarks>
// Every stack buffer here is fully written before it is read; skipping the zeroing is measurable per packet.
[SkipLocalsInit]
public sealed class SrtpContext : IDisposable
{
    private const int SrtcpIndexLength = 4;
    private const uint SrtcpEFlag = 0x8000_0000;
    private const uint MaxSrtcpIndex = 0x7FFF_FFFF;
    private const int GcmNonceLength = 12;
    private const int CmIvLength = 16;
    private const int RocLength = 4;
    private const int MaxHmacTagLength = 10;
    private const int GcmTagLength = 16;
    private const ushort HalfSequenceSpace = 32768;

    private readonly ISrtpCipher _rtpCipher;
    private readonly ISrtpCipher _rtcpCipher;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly int _rtpTagLength;
    private readonly int _rtcpTagLength;
    private readonly bool _aead;
    private readonly int _windowSize;
    private readonly bool _learnSsrcs;
    private readonly uint[] _ssrcs;
    private readonly SrtpStreamState[] _states;
    private int _count;
    private int _lastSlot;
    private bool _disposed;

    private SrtpContext(SrtpProfile profile, SrtpSessionKeys keys, SrtpContextOptions options)
    {
        Profile = profile;
        Backend = SrtpCipherFactory.Resolve(options.Backend);
        _aead = profile.IsAead();
        _rtpTagLength = profile.RtpTagLength();
        _rtcpTagLength = profile.RtcpTagLength();
        _rtpSalt = keys.RtpSalt;
        _rtcpSalt = keys.RtcpSalt;
        _windowSize = options.ReplayWindowSize;
        _learnSsrcs = options.LearnSsrcs;
        _ssrcs = new uint[options.MaxSsrcs];
        _states = new SrtpStreamState[options.MaxSsrcs];
        if (_aead)
        {
            _rtpCipher = SrtpCipherFactory.CreateGcm(Backend, keys.RtpEncryptionKey);
            _rtcpCipher = SrtpCipherFactory.CreateGcm(Backend, keys.RtcpEncryptionKey);
        }
        else
        {
            _rtpCipher = SrtpCipherFactory.CreateCmHmac(Backend, keys.RtpEncryptionKey, keys.RtpAuthKey);
            _rtcpCipher = SrtpCipherFactory.CreateCmHmac(Backend, keys.RtcpEncryptionKey, keys.RtcpAuthKey);
        }
    }

    /// <summary>
    /// A context for one direction from a master key and salt (as split from DTLS keying material by
    /// <see cref="SrtpKeyingMaterial"/>). Throws on a wrong key or salt length or an unsupported profile.
    /// </summary>
    public static SrtpContext Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, SrtpContextOptions? options = null)
    {
        if (!profile.IsSupported()) throw new ArgumentOutOfRangeException(nameof(profile), profile, "unsupported SRTP profile");
        options ??= SrtpContextOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReplayWindowSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ReplayWindowSize, ReplayWindow.MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSsrcs, 1);
        var keys = SrtpSessionKeys.Derive(profile, masterKey, masterSalt);
        try
        {
            return new SrtpContext(profile, keys, options);
        }
        finally
        {
            keys.Clear();
        }
    }

    /// <summary>Tests only (RFC 7714 vectors give session keys, not master keys): a context from already-derived session keys.</summary>
    internal static SrtpContext CreateFromSessionKeys(SrtpProfile profile, SrtpSessionKeys keys, SrtpContextOptions? options = null) =>
        new(profile, keys, options ?? SrtpContextOptions.Default);

    /// <summary>The negotiated profile.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The backend in use (Portable when Accelerated was asked for but libcrypto is unusable).</summary>
    public SrtpBackend Backend { get; }

    /// <summary>Bytes <see cref="TryProtectRtp(Span{byte}, int, out int)"/> appends: the buffer needs this much room after the packet.</summary>
    public int RtpOverhead => _rtpTagLength;

    /// <summary>Bytes <see cref="TryProtectRtcp(Span{byte}, int, out int)"/> appends (E|index and tag).</summary>
    public int RtcpOverhead => SrtcpIndexLength + _rtcpTagLength;

    /// <summary>How many SSRCs the context tracks now.</summary>
    public int SsrcCount => _count;

    /// <summary>Registers an SSRC in advance (needed when <see cref="SrtpContextOptions.LearnSsrcs"/> is false). False when the table is full.</summary>
    public bool AddSsrc(uint ssrc) => FindOrAdd(ssrc, add: true) is not null;

    /// <summary>Forgets an SSRC (its ROC, replay windows and SRTCP index), e.g. when its track ends. False when unknown.</summary>
    public bool RemoveSsrc(uint ssrc)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_ssrcs[i] != ssrc) continue;
            _count--;
            _ssrcs[i] = _ssrcs[_count];
            _states[i] = _states[_count];
            _states[_count] = null!;
            _lastSlot = 0;
            return true;
        }
        return false;
    }

    /// <summary>
    /// A hint that <see cref="TryProtectRtp(Span{byte}, int, out int)"/> follows soon (the fan-out loop calls it one
    /// subscriber ahead): prefetches this object's fields. Reads nothing, changes nothing (<see cref="CachePrefetch"/>).
    /// </summary>
    public void PrefetchForProtect() => CachePrefetch.Object(this, 128);

    /// <summary>Protects the RTP packet in <c>buffer[..length]</c> in place; the tag is appended.</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength) =>
        TryProtectRtp(buffer, length, out protectedLength, out _);

    /// <summary>Protects the RTP packet in <c>buffer[..length]</c> in place and appends the tag; the buffer needs <see cref="RtpOverhead"/> spare bytes.</summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        var packet = buffer[..length];
        error = SrtpPacketLayout.TryGetRtpHeaderLength(packet, out var headerLength);
        if (error != SrtpError.None) return false;
        if (buffer.Length - length < _rtpTagLength) return Fail(SrtpError.BufferTooSmall, out error);

        var ssrc = SrtpPacketLayout.RtpSsrc(packet);
        var seq = SrtpPacketLayout.RtpSequenceNumber(packet);
        var state = FindOrAdd(ssrc, add: true);
        if (state is null) return Fail(SrtpError.UnknownSsrc, out error);
        var index = state.RtpStarted ? EstimateIndex(state.RtpHighestIndex, seq) : seq;
        if (index >> 16 > uint.MaxValue) return Fail(SrtpError.IndexExhausted, out error);
        var roc = (uint)(index >> 16);
        var tag = buffer.Slice(length, _rtpTagLength);

        if (_aead)
        {
            Span<byte> nonce = stackalloc byte[GcmNonceLength];
            BuildGcmRtpNonce(nonce, _rtpSalt, ssrc, roc, seq);
            _rtpCipher.Seal(nonce, packet[..headerLength], packet[headerLength..], tag);
        }
        else
        {
            Span<byte> iv = stackalloc byte[CmIvLength];
            BuildCmIv(iv, _rtpSalt, ssrc, index);
            _rtpCipher.ApplyKeystream(iv, packet[headerLength..]);
            Span<byte> rocBytes = stackalloc byte[RocLength];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            // RFC 3711 4.2: the tag covers the authenticated portion (header and encrypted payload) || ROC.
            _rtpCipher.ComputeTag(packet, rocBytes, tag);
        }

        if (!state.RtpStarted || index > state.RtpHighestIndex) state.RtpHighestIndex = index;
        state.RtpStarted = true;
        protectedLength = length + _rtpTagLength;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// Authenticates and decrypts the SRTP packet in place. On success the plain RTP packet is
    /// <c>packet[..plainLength]</c>; on failure <paramref name="error"/> says why and the context is unchanged.
    /// </summary>
    public bool TryUnprotectRtp(Span<byte> packet, out int plainLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        if (packet.Length < SrtpPacketLayout.RtpFixedHeaderLength + _rtpTagLength) return Fail(SrtpError.TooShort, out error);
        var body = packet[..^_rtpTagLength];
        var tag = packet[^_rtpTagLength..];
        error = SrtpPacketLayout.TryGetRtpHeaderLength(body, out var headerLength);
        if (error != SrtpError.None) return false;

        var ssrc = SrtpPacketLayout.RtpSsrc(body);
        var seq = SrtpPacketLayout.RtpSequenceNumber(body);
        var state = FindOrAdd(ssrc, add: false);
        if (state is null && !CanLearn) return Fail(SrtpError.UnknownSsrc, out error);
        var started = state is not null && state.RtpStarted;
        var index = started ? EstimateIndex(state!.RtpHighestIndex, seq) : seq;
        // Replay check before authentication: a replayed packet costs no cipher work.
        if (started && state!.RtpWindow is { } window && !window.IsAcceptable(index) && !IgnoreReplayForBenchmarks)
            return Fail(SrtpError.Replay, out error);
        var roc = (uint)(index >> 16);

        if (_aead)
        {
            Span<byte> nonce = stackalloc byte[GcmNonceLength];
            BuildGcmRtpNonce(nonce, _rtpSalt, ssrc, roc, seq);
            if (!_rtpCipher.Open(nonce, body[..headerLength], body[headerLength..], tag)) return Fail(SrtpError.AuthFailed, out error);
        }
        else
        {
            Span<byte> rocBytes = stackalloc byte[RocLength];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
            Span<byte> expected = stackalloc byte[MaxHmacTagLength];
            expected = expected[.._rtpTagLength];
            _rtpCipher.ComputeTag(body, rocBytes, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, tag)) return Fail(SrtpError.AuthFailed, out error);
            Span<byte> iv = stackalloc byte[CmIvLength];
            BuildCmIv(iv, _rtpSalt, ssrc, index);
            _rtpCipher.ApplyKeystream(iv, body[headerLength..]);
        }

        // Authenticated: only now learn the SSRC, record the index and advance ROC / s_l (RFC 3711 3.3.1).
        state ??= FindOrAdd(ssrc, add: true)!;
        state.RtpWindow ??= new ReplayWindow(_windowSize);
        state.RtpWindow.Accept(index);
        if (!state.RtpStarted || index > state.RtpHighestIndex) state.RtpHighestIndex = index;
        state.RtpStarted = true;
        plainLength = body.Length;
        return true;
    }

    /// <summary>Protects the RTCP compound in <c>buffer[..length]</c> in place; appends E|index and the tag.</summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength) =>
        TryProtectRtcp(buffer, length, out protectedLength, out _);

    /// <summary>Protects (encrypts, E = 1) the RTCP compound in <c>buffer[..length]</c>; the buffer needs <see cref="RtcpOverhead"/> spare bytes.</summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, buffer.Length);
        protectedLength = 0;
        if (length < SrtpPacketLayout.RtcpHeaderLength) return Fail(SrtpError.TooShort, out error);
        if (!SrtpPacketLayout.IsVersion2(buffer[0])) return Fail(SrtpError.BadVersion, out error);
        if (buffer.Length - length < SrtcpIndexLength + _rtcpTagLength) return Fail(SrtpError.BufferTooSmall, out error);
        var ssrc = SrtpPacketLayout.RtcpSenderSsrc(buffer);
        var state = FindOrAdd(ssrc, add: true);
        if (state is null) return Fail(SrtpError.UnknownSsrc, out error);
        var index = state.NextRtcpIndex;
        // RFC 3711 9.2: a master key protects at most 2^31 SRTCP packets; reusing an index would reuse a nonce.
        if (index > MaxSrtcpIndex) return Fail(SrtpError.IndexExhausted, out error);
        var word = SrtcpEFlag | index;
        var encrypted = buffer[SrtpPacketLayout.RtcpHeaderLength..length];

        if (_aead)
        {
            Span<byte> nonce = stackalloc byte[GcmNonceLength];
            BuildGcmRtcpNonce(nonce, _rtcpSalt, ssrc, index);
            // RFC 7714 9.1: AAD = first 8 octets || E|SRTCP index; the tag precedes E|index on the wire.
            Span<byte> aad = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + SrtcpIndexLength];
            buffer[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacketLayout.RtcpHeaderLength..], word);
            _rtcpCipher.Seal(nonce, aad, encrypted, buffer.Slice(length, GcmTagLength));
            BinaryPrimitives.WriteUInt32BigEndian(buffer[(length + GcmTagLength)..], word);
        }
        else
        {
            Span<byte> iv = stackalloc byte[CmIvLength];
            BuildCmIv(iv, _rtcpSalt, ssrc, index);
            _rtcpCipher.ApplyKeystream(iv, encrypted);
            BinaryPrimitives.WriteUInt32BigEndian(buffer[length..], word);
            _rtcpCipher.ComputeTag(buffer[..(length + SrtcpIndexLength)], default, buffer.Slice(length + SrtcpIndexLength, _rtcpTagLength));
        }

        state.NextRtcpIndex = index + 1;
        protectedLength = length + SrtcpIndexLength + _rtcpTagLength;
        error = SrtpError.None;
        return true;
    }

    /// <summary>
    /// Authenticates and (when E = 1) decrypts the SRTCP packet in place. On success the plain RTCP compound is
    /// <c>packet[..plainLength]</c>; on failure the context is unchanged.
    /// </summary>
    public bool TryUnprotectRtcp(Span<byte> packet, out int plainLength, out SrtpError error)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        plainLength = 0;
        // libsrtp #50 / pion #206: a packet shorter than header + index + tag must never reach the arithmetic below.
        if (packet.Length < SrtpPacketLayout.RtcpHeaderLength + SrtcpIndexLength + _rtcpTagLength) return Fail(SrtpError.TooShort, out error);
        if (!SrtpPacketLayout.IsVersion2(packet[0])) return Fail(SrtpError.BadVersion, out error);
        int tagOffset, indexOffset;
        if (_aead)
        {
            indexOffset = packet.Length - SrtcpIndexLength;
            tagOffset = indexOffset - GcmTagLength;
        }
        else
        {
            tagOffset = packet.Length - _rtcpTagLength;
            indexOffset = tagOffset - SrtcpIndexLength;
        }
        var word = BinaryPrimitives.ReadUInt32BigEndian(packet[indexOffset..]);
        var encrypted = (word & SrtcpEFlag) != 0;
        var index = word & MaxSrtcpIndex;
        var ssrc = SrtpPacketLayout.RtcpSenderSsrc(packet);
        var state = FindOrAdd(ssrc, add: false);
        if (state is null && !CanLearn) return Fail(SrtpError.UnknownSsrc, out error);
        if (state?.RtcpWindow is { } window && !window.IsAcceptable(index) && !IgnoreReplayForBenchmarks)
            return Fail(SrtpError.Replay, out error);

        if (_aead)
        {
            Span<byte> nonce = stackalloc byte[GcmNonceLength];
            BuildGcmRtcpNonce(nonce, _rtcpSalt, ssrc, index);
            if (encrypted)
            {
                Span<byte> aad = stackalloc byte[SrtpPacketLayout.RtcpHeaderLength + SrtcpIndexLength];
                packet[..SrtpPacketLayout.RtcpHeaderLength].CopyTo(aad);
                BinaryPrimitives.WriteUInt32BigEndian(aad[SrtpPacketLayout.RtcpHeaderLength..], word);
                if (!_rtcpCipher.Open(nonce, aad, packet[SrtpPacketLayout.RtcpHeaderLength..tagOffset], packet[tagOffset..indexOffset]))
                    return Fail(SrtpError.AuthFailed, out error);
            }
            else
            {
                // RFC 7714 9.3 (E = 0): the whole compound || E|index is AAD and nothing is encrypted. Move
                // E|index over the tag so the AAD is contiguous, instead of copying the packet.
                Span<byte> tag = stackalloc byte[GcmTagLength];
                packet[tagOffset..indexOffset].CopyTo(tag);
                BinaryPrimitives.WriteUInt32BigEndian(packet[tagOffset..], word);
                if (!_rtcpCipher.Open(nonce, packet[..(tagOffset + SrtcpIndexLength)], default, tag))
                    return Fail(SrtpError.AuthFailed, out error);
            }
            plainLength = tagOffset;
        }
        else
        {
            Span<byte> expected = stackalloc byte[MaxHmacTagLength];
            expected = expected[.._rtcpTagLength];
            _rtcpCipher.ComputeTag(packet[..tagOffset], default, expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, packet[tagOffset..])) return Fail(SrtpError.AuthFailed, out error);
            if (encrypted)
            {
                Span<byte> iv = stackalloc byte[CmIvLength];
                BuildCmIv(iv, _rtcpSalt, ssrc, index);
                _rtcpCipher.ApplyKeystream(iv, packet[SrtpPacketLayout.RtcpHeaderLength..indexOffset]);
            }
            plainLength = indexOffset;
        }

        state ??= FindOrAdd(ssrc, add: true)!;
        state.RtcpWindow ??= new ReplayWindow(_windowSize);
        state.RtcpWindow.Accept(index);
        error = SrtpError.None;
        return true;
    }

    /// <summary>Benchmarks only: unprotect still runs the replay check but ignores its verdict, so one packet can be unprotected repeatedly.</summary>
    internal bool IgnoreReplayForBenchmarks { get; set; }

    /// <summary>Tests only: sets the highest SRTP index (ROC and s_l) of <paramref name="ssrc"/>, as if packets up to it had been sent.</summary>
    internal void SetRtpHighestIndex(uint ssrc, ulong index)
    {
        var state = FindOrAdd(ssrc, add: true)!;
        state.RtpHighestIndex = index;
        state.RtpStarted = true;
    }

    /// <summary>Tests only: the SRTCP index the next protected packet of <paramref name="ssrc"/> gets.</summary>
    internal void SetNextRtcpIndex(uint ssrc, uint index) => FindOrAdd(ssrc, add: true)!.NextRtcpIndex = index;

    /// <summary>Frees the native cipher contexts and wipes key material.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    private bool CanLearn => _learnSsrcs && _count < _ssrcs.Length;

    private static bool Fail(SrtpError reason, out SrtpError error)
    {
        error = reason;
        return false;
    }

    private SrtpStreamState? FindOrAdd(uint ssrc, bool add)
    {
        if (_count > 0 && _ssrcs[_lastSlot] == ssrc) return _states[_lastSlot];
        for (var i = 0; i < _count; i++)
        {
            if (_ssrcs[i] == ssrc)
            {
                _lastSlot = i;
                return _states[i];
            }
        }
        if (!add || _count == _ssrcs.Length) return null;
        _ssrcs[_count] = ssrc;
        var state = _states[_count] = new SrtpStreamState();
        _lastSlot = _count++;
        return state;
    }

    /// <summary>
    /// RFC 3711 Appendix A: the index of <paramref name="seq"/> given the highest index so far, choosing the
    /// ROC (v = ROC - 1, ROC or ROC + 1) that puts the packet nearest to s_l.
    /// </summary>
    internal static ulong EstimateIndex(ulong highestIndex, ushort seq)
    {
        var roc = (long)(highestIndex >> 16);
        var sl = (ushort)highestIndex;
        var v = roc;
        if (sl < HalfSequenceSpace)
        {
            // A packet from before the wrap; at ROC 0 there is no earlier cycle, so keep 0.
            if (seq - sl > HalfSequenceSpace && roc > 0) v = roc - 1;
        }
        else if (sl - HalfSequenceSpace > seq)
        {
            v = roc + 1;
        }
        return ((ulong)v << 16) | seq;
    }

    // RFC 7714 8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.
    private static void BuildGcmRtpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint roc, ushort seq)
    {
        BinaryPrimitives.WriteUInt16BigEndian(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], seq);
        XorSalt(nonce, salt);
    }

    // RFC 7714 9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.
    private static void BuildGcmRtcpNonce(Span<byte> nonce, ReadOnlySpan<byte> salt, uint ssrc, uint index)
    {
        BinaryPrimitives.WriteUInt16BigEndian(nonce, 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], index);
        XorSalt(nonce, salt);
    }

    // RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16); the low 16 bits count blocks.
    private static void BuildCmIv(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        BinaryPrimitives.WriteUInt32BigEndian(iv, 0);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], ssrc);
        BinaryPrimitives.WriteUInt16BigEndian(iv[8..], (ushort)(index >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(iv[10..], (uint)index);
        BinaryPrimitives.WriteUInt16BigEndian(iv[14..], 0);
        XorSalt(iv, salt);
    }

    private static void XorSalt(Span<byte> block, ReadOnlySpan<byte> salt)
    {
        for (var i = 0; i < salt.Length; i++) block[i] ^= salt[i];
    }
}
