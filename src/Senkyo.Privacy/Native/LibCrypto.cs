using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Senkyo.Privacy.Native;

/// <summary>
/// The few OpenSSL libcrypto functions the hot paths call directly: the SHA-256 block functions, whose context is a
/// plain struct the caller owns. On Linux .NET's own HMAC and AES-GCM run on this same library, but every call
/// through its wrappers costs ~0.4 µs of bookkeeping (error-queue clearing, handle reference counting, provider
/// dispatch) around ~0.1 µs of hashing; an import computes four or five blind indexes per resident, so that
/// bookkeeping was about a tenth of an 826,000-resident import.
/// Bound only when the library loads and passes a known-answer self-test against <see cref="HMACSHA256"/>;
/// otherwise (Windows, macOS, an unexpected build) <see cref="Instance"/> is null and callers use .NET's wrappers.
/// </summary>
internal sealed unsafe class LibCrypto
{
    /// <summary>Bytes reserved for a <c>SHA256_CTX</c>: the struct is 112 bytes in every OpenSSL since 0.9.8.</summary>
    internal const int Sha256ContextSize = 128;

    private static readonly string[] LibraryNames = ["libcrypto.so.3", "libcrypto.so.1.1"];

    // SuppressGCTransition: each call hashes at most a few hundred bytes, never blocks and never calls back.
    private readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> _sha256Init;
    private readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> _sha256Update;
    private readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> _sha256Final;

    private LibCrypto(nint library)
    {
        _sha256Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)NativeLibrary.GetExport(library, "SHA256_Init");
        _sha256Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "SHA256_Update");
        _sha256Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)NativeLibrary.GetExport(library, "SHA256_Final");
    }

    /// <summary>The bound library, or null where it is absent or failed its self-test.</summary>
    public static LibCrypto? Instance { get; } = TryLoad();

    public void Sha256Init(byte* context) => Check(_sha256Init(context));

    public void Sha256Update(byte* context, byte* data, int length) => Check(_sha256Update(context, data, (nuint)length));

    public void Sha256Final(byte* context, byte* digest) => Check(_sha256Final(digest, context));

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new CryptographicException("OpenSSL's SHA-256 reported a failure.");
        }
    }

    private static LibCrypto? TryLoad()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // .NET does not use OpenSSL elsewhere; its own wrappers are the only tested path there
        }

        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var library))
            {
                continue;
            }

            try
            {
                var candidate = new LibCrypto(library);
                return NativeHmacSha256.SelfTest(candidate) ? candidate : null;
            }
            catch (EntryPointNotFoundException)
            {
                // a build without the SHA-256 block functions (no-deprecated): try the next name
            }
        }

        return null;
    }
}
