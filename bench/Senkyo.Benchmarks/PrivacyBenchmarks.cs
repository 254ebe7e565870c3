using BenchmarkDotNet.Attributes;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage;
using Senkyo.Synthetic;

namespace Senkyo.Benchmarks;

/// <summary>
/// The cost of protecting personal data: one AES-256-GCM field and one identity group (one ciphertext per
/// sensitivity class per row), one blind index (normalize + HMAC-SHA256; from a string, and from a span as the import
/// computes it), the same HMAC and AES-GCM through .NET's wrappers (what the direct libcrypto path replaced on Linux),
/// one audit append committed on SQLite
/// (appends/s = 1 / time), and the bulk path per person (encrypt, index, insert, one audit event).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 2, iterationCount: 5)]
public class PrivacyBenchmarks : IDisposable
{
    private static readonly AccessContext Who = new("bench", "registrar", "*", "benchmark");
    private MasterKey _master = null!;
    private KeyRing _ring = null!;
    private FieldCipher _cipher = null!;
    private BlindIndexer _nfkcIndexer = null!;
    private BlindIndexer _domainIndexer = null!;
    private byte[] _smallField = null!;
    private byte[] _identityGroup = null!;
    private byte[] _identityCiphertext = null!;
    private string _dir = null!;
    private SenkyoStore _store = null!;
    private List<NewPerson> _people = null!;
    private long _row;
    private DataKey _kanaKey = null!;
    private System.Security.Cryptography.IncrementalHash _dotnetMac = null!;
    private System.Security.Cryptography.AesGcm _dotnetGcm = null!;
    private readonly byte[] _digest = new byte[32];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _associatedData = new byte[60];
    private byte[] _sealed = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _master = MasterKey.Generate();
        (_ring, _) = KeyRing.CreateNew("bench", _master, TimeProvider.System);
        _cipher = new FieldCipher(_ring);
        _nfkcIndexer = new BlindIndexer(_ring);
        _domainIndexer = new BlindIndexer(_ring, Domain.Text.SearchKeyNormalizer.Default.Normalize, Domain.Text.SearchKeyNormalizer.Default.TryNormalize);
        _kanaKey = _ring.Active(KeyPurpose.KanaNameIndex);
        var r = SyntheticPopulation.Generate(1, 256, new DateOnly(2026, 11, 1)).First();
        _smallField = System.Text.Encoding.UTF8.GetBytes(r.SurnameKana);
        _identityGroup = FieldGroupCodec.Encode([r.ResidentId, r.HouseholdId, r.Surname, r.GivenName, r.SurnameKana, r.GivenNameKana, "1980-01-02", r.Nationality, r.PostalCode, r.Address, r.Banchi, r.Building, r.Phone, r.PreviousAddress, r.Relationship, r.TownCode, "2001-04-01"]);
        var benchKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        _dotnetMac = System.Security.Cryptography.IncrementalHash.CreateHMAC(System.Security.Cryptography.HashAlgorithmName.SHA256, benchKey);
        _dotnetGcm = new System.Security.Cryptography.AesGcm(benchKey, 16);
        _sealed = new byte[_identityGroup.Length];
        _identityCiphertext = _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext("person", "identity.v1", 1), _identityGroup);
        _people = [.. SyntheticPopulation.Generate(2, 50_000, new DateOnly(2026, 11, 1)).Select(p => new NewPerson(StoreKind.Synthetic, p.ResidentId, p.HouseholdId,
            new PersonIdentity(p.Surname, p.GivenName, p.SurnameKana, p.GivenNameKana, p.BirthDate, p.Nationality, p.PostalCode, p.Address, p.Banchi, p.Building, p.Phone, p.PreviousAddress, p.Relationship, p.TownCode),
            p.WardCode, null, 1, p.Sex, p.ResidentSince, null))];
        _dir = Directory.CreateTempSubdirectory("senkyo-bench-").FullName;
        _store = await SenkyoStore.CreateAsync(new StoreLocation(EngineKind.Sqlite, _dir), _master, StoreKind.Synthetic, Who, null, CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _store.DisposeAsync();
        _ring.Dispose();
        _master.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    public void Dispose()
    {
        _dotnetMac.Dispose();
        _dotnetGcm.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public byte[] EncryptSmallField() => _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext("person", "surname_kana", ++_row), _smallField);

    [Benchmark]
    public byte[] EncryptIdentityGroup() => _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext("person", "identity.v1", ++_row), _identityGroup);

    [Benchmark]
    public byte[] DecryptIdentityGroup() => _cipher.Decrypt(KeyPurpose.IdentityEncryption, new FieldContext("person", "identity.v1", 1), _identityCiphertext);

    [Benchmark]
    public long BlindIndexNfkc() => _nfkcIndexer.Compute(KeyPurpose.KanaNameIndex, "ヤマダ タロウ");

    [Benchmark]
    public long BlindIndexDomainNormalizer() => _domainIndexer.Compute(KeyPurpose.KanaNameIndex, "やまだ　たろう");

    /// <summary>The import's path: the key normalized from a slice of the file's text into a stack buffer, no string.</summary>
    [Benchmark]
    public long BlindIndexFromSpan() => _domainIndexer.Compute(_kanaKey, "ヤマダタロウ".AsSpan());

    /// <summary>HMAC-SHA256 of the same key's UTF-8 bytes through .NET's keyed <c>IncrementalHash</c> (no normalization).</summary>
    [Benchmark]
    public byte[] HmacThroughDotNet()
    {
        _dotnetMac.AppendData("ヤマダタロウ"u8);
        _dotnetMac.GetHashAndReset(_digest);
        return _digest;
    }

    /// <summary>AES-256-GCM of the identity group through .NET's <c>AesGcm</c> (no header, nonce or key bound).</summary>
    [Benchmark]
    public byte[] AesGcmThroughDotNet()
    {
        _dotnetGcm.Encrypt(_nonce, _identityGroup, _sealed, _tag, _associatedData);
        return _sealed;
    }

    [Benchmark]
    public Task<long> AuditAppendCommittedSqlite() =>
        _store.RecordAsync(Who, "auth.signin", SubjectSet.Empty, AuditOutcome.Success, null, CancellationToken.None);

    /// <summary>50,000 people through the bulk path into a new store (creation included); reported per person.</summary>
    [Benchmark(OperationsPerInvoke = 50_000)]
    public async Task<long> BulkInsertPerPersonSqlite()
    {
        var dir = Directory.CreateTempSubdirectory("senkyo-bulk-").FullName;
        try
        {
            await using var store = await SenkyoStore.CreateAsync(new StoreLocation(EngineKind.Sqlite, dir), _master, StoreKind.Synthetic, Who, null, CancellationToken.None);
            return (await store.AddPeopleAsync(Who, _people, null, CancellationToken.None)).Count;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
