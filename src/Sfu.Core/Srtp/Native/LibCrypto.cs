using System.Runtime.InteropServices;

namespace Sfu.Core.Srtp.Native;

/// <summary>
/// The OpenSSL 3 entry points the accelerated SRTP backend needs (libcrypto.so.3, present on Debian 12).
/// </summary>
/// <remarks>
/// Per-packet calls carry <see cref="SuppressGCTransitionAttribute"/>: they are short (about 0.5 us for a
/// 1,200-byte packet, tens of microseconds at most for a 64 KiB datagram, which bounds how long a GC waits),
/// never block, never call back into managed code, and skipping the transition saves a measurable share of
/// the per-packet cost. Setup calls (context
/// creation, key schedule, algorithm fetch) may take OpenSSL's internal locks, so they keep the transition.
/// </remarks>
internal static unsafe partial class LibCrypto
{
    public const string LibraryName = "libcrypto.so.3";

    public const int EvpCtrlAeadGetTag = 0x10;
    public const int EvpCtrlAeadSetTag = 0x11;

    /// <summary>sizeof(SHA_CTX): five 32-bit chaining words, Nl, Nh, a 16-word block and num.</summary>
    public const int Sha1ContextSize = 96;

    private static readonly Lazy<bool> s_available = new(Probe);

    /// <summary>True when libcrypto.so.3 loads and exports everything used here.</summary>
    public static bool IsAvailable => s_available.Value;

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (!NativeLibrary.TryLoad(LibraryName, typeof(LibCrypto).Assembly, null, out var handle)) return false;
        foreach (var name in (ReadOnlySpan<string>)["EVP_CIPHER_CTX_new", "EVP_CIPHER_CTX_free", "EVP_EncryptInit_ex",
            "EVP_DecryptInit_ex", "EVP_EncryptUpdate", "EVP_DecryptUpdate", "EVP_EncryptFinal_ex", "EVP_DecryptFinal_ex",
            "EVP_CIPHER_CTX_ctrl", "EVP_aes_128_gcm", "EVP_aes_256_gcm", "EVP_aes_128_ctr", "EVP_aes_192_ctr",
            "EVP_aes_256_ctr", "SHA1_Init", "SHA1_Update", "SHA1_Final"])
        {
            if (!NativeLibrary.TryGetExport(handle, name, out _)) return false;
        }
        return true;
    }

    [LibraryImport(LibraryName)]
    public static partial nint EVP_CIPHER_CTX_new();

    [LibraryImport(LibraryName)]
    public static partial void EVP_CIPHER_CTX_free(nint ctx);

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_128_gcm();

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_256_gcm();

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_128_ctr();

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_192_ctr();

    [LibraryImport(LibraryName)]
    public static partial nint EVP_aes_256_ctr();

    /// <summary>Setup: selects the cipher and schedules the key.</summary>
    [LibraryImport(LibraryName, EntryPoint = "EVP_EncryptInit_ex")]
    public static partial int EVP_EncryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    /// <summary>Setup: selects the cipher and schedules the key.</summary>
    [LibraryImport(LibraryName, EntryPoint = "EVP_DecryptInit_ex")]
    public static partial int EVP_DecryptInit_ex(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    /// <summary>Per packet: sets only the IV (cipher and key stay), resetting the GCM/CTR state.</summary>
    [LibraryImport(LibraryName, EntryPoint = "EVP_EncryptInit_ex"), SuppressGCTransition]
    public static partial int EVP_EncryptInit_ex_Iv(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    /// <summary>Per packet: sets only the IV (cipher and key stay), resetting the GCM state.</summary>
    [LibraryImport(LibraryName, EntryPoint = "EVP_DecryptInit_ex"), SuppressGCTransition]
    public static partial int EVP_DecryptInit_ex_Iv(nint ctx, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int EVP_EncryptUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int EVP_DecryptUpdate(nint ctx, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int EVP_EncryptFinal_ex(nint ctx, byte* output, int* outputLength);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int EVP_DecryptFinal_ex(nint ctx, byte* output, int* outputLength);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int EVP_CIPHER_CTX_ctrl(nint ctx, int type, int arg, void* ptr);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int SHA1_Init(void* context);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int SHA1_Update(void* context, void* data, nuint length);

    [LibraryImport(LibraryName), SuppressGCTransition]
    public static partial int SHA1_Final(byte* digest, void* context);
}
