using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Senkyo.Privacy.Native;

/// <summary>
/// The few OpenSSL libcrypto functions the hot paths call directly: the SHA-256 block functions, whose context is a
/// plain struct the caller owns, and AES-256-GCM encryption on a context the caller keeps keyed. On Linux .NET's own
/// HMAC and AES-GCM run on this same library, but every call through its wrappers costs ~0.4 µs of bookkeeping
/// (error-queue clearing, handle reference counting, provider dispatch) around ~0.1 µs of hashing; an import computes
/// four or five blind indexes and one ciphertext per resident, so that bookkeeping was ~2 s of the ~19 s of CPU
/// an 826,000-resident import took. Decryption stays on .NET's <see cref="AesGcm"/>: the tag check that guards every
/// read is best left to the one well-tested implementation.
/// Bound only when the library loaded is the very OpenSSL .NET itself runs on (same version number), the system does
/// not enforce FIPS mode (the SHA-256 block functions bypass OpenSSL 3's providers, and so its FIPS policy), and both
/// paths pass known-answer self-tests against <see cref="HMACSHA256"/> and <see cref="AesGcm"/>; otherwise (Windows,
/// macOS, FIPS, an unexpected build) <see cref="Instance"/> is null and callers use .NET's wrappers.
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

    private readonly delegate* unmanaged<nint> _cipherContextNew;
    private readonly delegate* unmanaged<nint, void> _cipherContextFree;
    private readonly nint _aes256Gcm;
    private readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int> _encryptKeying; // fetches the cipher, takes locks
    private readonly delegate* unmanaged[SuppressGCTransition]<nint, nint, nint, byte*, byte*, int> _encryptInit;
    private readonly delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, byte*, int, int> _encryptUpdate;
    private readonly delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, int> _encryptFinal;
    private readonly delegate* unmanaged[SuppressGCTransition]<nint, int, int, byte*, int> _cipherControl;

    private LibCrypto(nint library)
    {
        _cipherContextNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "EVP_CIPHER_CTX_new");
        _cipherContextFree = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(library, "EVP_CIPHER_CTX_free");
        _aes256Gcm = ((delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "EVP_aes_256_gcm"))();
        var encryptInit = NativeLibrary.GetExport(library, "EVP_EncryptInit_ex");
        _encryptKeying = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)encryptInit;
        _encryptInit = (delegate* unmanaged[SuppressGCTransition]<nint, nint, nint, byte*, byte*, int>)encryptInit;
        _encryptUpdate = (delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, byte*, int, int>)NativeLibrary.GetExport(library, "EVP_EncryptUpdate");
        _encryptFinal = (delegate* unmanaged[SuppressGCTransition]<nint, byte*, int*, int>)NativeLibrary.GetExport(library, "EVP_EncryptFinal_ex");
        _cipherControl = (delegate* unmanaged[SuppressGCTransition]<nint, int, int, byte*, int>)NativeLibrary.GetExport(library, "EVP_CIPHER_CTX_ctrl");
        _sha256Init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)NativeLibrary.GetExport(library, "SHA256_Init");
        _sha256Update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)NativeLibrary.GetExport(library, "SHA256_Update");
        _sha256Final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)NativeLibrary.GetExport(library, "SHA256_Final");
    }

    /// <summary>The bound library, or null where it is absent or failed its self-test.</summary>
    public static LibCrypto? Instance { get; } = TryLoad();

    public void Sha256Init(byte* context) => Check(_sha256Init(context));

    public void Sha256Update(byte* context, byte* data, int length) => Check(_sha256Update(context, data, (nuint)length));

    public void Sha256Final(byte* context, byte* digest) => Check(_sha256Final(digest, context));

    /// <summary>A new cipher context keyed for AES-256-GCM encryption (the key schedule is run once, here).</summary>
    public nint NewGcmEncryption(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key.", nameof(key));
        }

        var context = _cipherContextNew();
        if (context == 0)
        {
            throw new CryptographicException("OpenSSL could not allocate a cipher context.");
        }

        fixed (byte* k = key)
        {
            if (_encryptKeying(context, _aes256Gcm, 0, k, null) != 1)
            {
                _cipherContextFree(context);
                throw new CryptographicException("OpenSSL refused the AES-256-GCM key.");
            }
        }

        return context;
    }

    /// <summary>Frees a context; OpenSSL wipes its key schedule first.</summary>
    public void FreeCipherContext(nint context) => _cipherContextFree(context);

    /// <summary>One AES-256-GCM encryption with a 12-byte nonce and a 16-byte tag on a keyed context.</summary>
    public void GcmEncrypt(nint context, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        if (nonce.Length != 12 || tag.Length != 16 || ciphertext.Length != plaintext.Length)
        {
            throw new ArgumentException("AES-GCM here takes a 12-byte nonce, a 16-byte tag and a ciphertext as long as the plaintext.");
        }

        fixed (byte* n = nonce)
        fixed (byte* p = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* t = tag)
        fixed (byte* a = associatedData)
        {
            int written;
            Check(_encryptInit(context, 0, 0, null, n));
            if (associatedData.Length > 0)
            {
                Check(_encryptUpdate(context, null, &written, a, associatedData.Length));
            }

            var total = 0;
            if (plaintext.Length > 0)
            {
                Check(_encryptUpdate(context, c, &written, p, plaintext.Length));
                total = written;
            }

            Check(_encryptFinal(context, c + total, &written));
            if (total + written != plaintext.Length)
            {
                throw new CryptographicException("OpenSSL's AES-GCM wrote a ciphertext of the wrong length.");
            }

            Check(_cipherControl(context, GcmGetTag, 16, t));
        }
    }

    /// <summary><c>EVP_CTRL_AEAD_GET_TAG</c>.</summary>
    private const int GcmGetTag = 0x10;

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new CryptographicException("OpenSSL reported a failure.");
        }
    }

    private static LibCrypto? TryLoad()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // .NET does not use OpenSSL elsewhere; its own wrappers are the only tested path there
        }

        long dotnetVersion;
        try
        {
            dotnetVersion = SafeEvpPKeyHandle.OpenSslVersion;
        }
        catch (Exception e) when (e is PlatformNotSupportedException or CryptographicException or DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }

        foreach (var name in LibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, out var library))
            {
                continue;
            }

            if (Accept(library, dotnetVersion) is { } bound)
            {
                return bound;
            }

            NativeLibrary.Free(library);
        }

        return null;
    }

    private static LibCrypto? Accept(nint library, long dotnetVersion)
    {
        try
        {
            if (!NativeLibrary.TryGetExport(library, "OpenSSL_version_num", out var versionNum)
                || ((delegate* unmanaged<nuint>)versionNum)() != (nuint)dotnetVersion)
            {
                return null; // another OpenSSL than the one .NET runs on
            }

            if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out var fips)
                && ((delegate* unmanaged<nint, int>)fips)(0) == 1)
            {
                return null; // FIPS mode: every primitive goes through .NET's provider-bound path
            }

            var candidate = new LibCrypto(library);
            return NativeHmacSha256.SelfTest(candidate) && NativeGcmEncryptor.SelfTest(candidate) ? candidate : null;
        }
#pragma warning disable CA1031 // any failure here only means the direct path is not used: .NET's wrappers remain
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
