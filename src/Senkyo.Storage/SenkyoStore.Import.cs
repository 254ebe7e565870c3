using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Threading.Channels;
using nietras.SeparatedValues;
using Senkyo.Domain.Municipality;
using Senkyo.Domain.Register;
using Senkyo.Privacy.Audit;
using Senkyo.Privacy.Encryption;
using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;
using Senkyo.Storage.Engines;
using Senkyo.Storage.Import;
using Senkyo.Domain.Residents;

namespace Senkyo.Storage;

/// <summary>
/// Import of the resident file (住民記録システムからの連携ファイル, docs/formats/resident-file.md) in one pass over the
/// file, inside one transaction: a reader validates every row (and keeps only the resident numbers, for duplicates, and
/// counts) and hands the rows on in chunks; parallel workers judge 被登録資格 (法21①) as of the file's date, assign the
/// 投票区 from the 町丁目, encrypt and index; one writer stores them in order through one prepared statement (SQLite) or
/// one binary COPY (PostgreSQL), then the import record and the audit event. At the first invalid row the reader stops
/// handing rows on and only validates the rest, so every error is reported; the transaction then rolls back and the
/// file changes nothing. Validating while writing, not in a pass of its own, reads and decodes the file once.
/// </summary>
public sealed partial class SenkyoStore
{
    /// <summary>
    /// Rows per pipeline chunk. Small enough that the rows in flight (three stages, two chunks queued between each)
    /// stay within the GC's young generation and die there: 4,096 a chunk kept ~40 MB alive across collections and
    /// promoted it, costing 27 full collections in an 826,000-row import instead of 6.
    /// </summary>
    private const int ImportChunk = 1024;

    public async Task<ResidentImportResult> ImportResidentsAsync(AccessContext who, string path, Municipality city, FileEncoding encoding, DateOnly? asOfOption, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(city);
        CheckCityKind(city);
        var used = encoding == FileEncoding.Auto ? InterfaceFileSource.Detect(path) : encoding;
        using var source = InterfaceFileSource.Open(path, used);
        var marker = CheckMarker(source, "resident-file");
        var asOf = marker?.Date("as-of") ?? asOfOption
            ?? throw new StoreRefusedException($"{path}: the file does not say which day it describes; give the date (--as-of).");
        var columns = new ResidentColumns(city);
        var errors = new ErrorList(path);
        var byTown = new Dictionary<Town, long>(ReferenceEqualityComparer.Instance);
        long rows = 0, qualifying = 0;
        var hash = "";
        var ids = new LongSet();

        // Validates one row (and starts it in the chunk, when given); true when the row is good and so has been every
        // row before it (it may then be stored).
        bool Accept(SepReader.Row row, long line, ResidentChunk? into)
        {
            rows++;
            var id = columns.Validate(row, 0, line, asOf, errors, into);
            if (id < 0)
            {
                return false;
            }

            if (!ids.Add(id))
            {
                errors.Add(line, "resident_id", "duplicate resident number (already on an earlier line)");
                return false;
            }

            return errors.Count == 0;
        }

        var refusal = $"{path}: this store already holds residents; a resident file is the starting point and is imported once. Apply change files (import changes) from here.";
        await using (var read = await _engine.OpenAsync(cancellationToken))
        {
            if (await HoldsResidentsAsync(read, null, cancellationToken))
            {
                // Refused whatever it holds; but the file's own errors come first (the clerk fixes the file either way),
                // then the common mistake, the same file given twice. No write lock is taken for this.
                ForEachRow(source, ResidentColumns.Names, errors, (row, line) => Accept(row, line, null), cancellationToken);
                errors.ThrowIfAny();
                await RefuseAppliedAsync(read, null, path, source.FinishHash(), cancellationToken);
                throw new StoreRefusedException(refusal);
            }
        }

        var (first, last) = await BulkWriteAsync(async (c, tx) =>
        {
            if (await HoldsResidentsAsync(c, tx, cancellationToken))
            {
                throw new StoreRefusedException(refusal); // another import won the race since the look above
            }

            // The allocator row stays locked (PostgreSQL: FOR UPDATE; SQLite: the write transaction) until the commit, so
            // the ids can be taken as the rows come and the allocator moved once at the end, when their number is known.
            var start = await c.ScalarAsync<long>(tx, "SELECT next_id FROM id_allocator WHERE name = 'person'" + _engine.ForUpdate, cancellationToken);
            var now = NowMicros();
            long written = 0;
            var chunks = new ResidentChunk[5];
            try
            {
                var deferred = await _engine.BeginBulkAsync(c, tx, cancellationToken);
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // Chunks go round: the reader fills one, two wait for the protector, which works on one; a spare lets
                // the reader start the next while the protector hands its chunk back.
                var free = Channel.CreateUnbounded<ResidentChunk>();
                for (var i = 0; i < chunks.Length; i++)
                {
                    chunks[i] = new ResidentChunk(ImportChunk);
                    free.Writer.TryWrite(chunks[i]);
                }

                var parsed = Channel.CreateBounded<ResidentChunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                var ready = Channel.CreateBounded<ImportRow[]>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
                var reader = Task.Run(() =>
                {
                    try
                    {
                        var chunk = ReadBlocking(free.Reader, cts.Token);
                        ForEachRow(source, ResidentColumns.Names, errors, (row, line) =>
                        {
                            if (!Accept(row, line, chunk))
                            {
                                return; // after an error the import will roll back: only validation goes on
                            }

                            chunk.Keep();
                            var town = chunk.Town(chunk.Count - 1);
                            byTown[town] = byTown.GetValueOrDefault(town) + 1;
                            if (chunk.IsFull)
                            {
                                WriteBlocking(parsed.Writer, chunk, cts.Token);
                                chunk = ReadBlocking(free.Reader, cts.Token);
                            }
                        }, cts.Token);
                        if (chunk.Count > 0 && errors.Count == 0)
                        {
                            WriteBlocking(parsed.Writer, chunk, cts.Token);
                        }

                        hash = source.FinishHash();
                        parsed.Writer.Complete();
                    }
                    catch (Exception e)
                    {
                        parsed.Writer.Complete(e);
                        throw;
                    }
                }, cts.Token);
                var repeated = new RepeatedIndexes(_indexer, _ring);
                var protector = Task.Run(async () =>
                {
                    try
                    {
                        var next = start;
                        await foreach (var chunk in parsed.Reader.ReadAllAsync(cts.Token))
                        {
                            var output = new ImportRow[chunk.Count];
                            var offset = next;
                            long q = 0;
                            Parallel.For(0, chunk.Count, new ParallelOptions { CancellationToken = cts.Token }, () => (Household: new HouseholdMemo(_indexer, repeated.Reference), Qualifying: 0L), (i, _, local) =>
                            {
                                var eligibility = EligibilityAtImport(chunk.BirthDate(i), chunk.IsJapanese(i), chunk.ResidentSince(i), asOf);
                                output[i] = new ImportRow(ProtectImported(offset + i, chunk, i, now, repeated, local.Household), (int)eligibility, asOf);
                                return (local.Household, local.Qualifying + (eligibility == RegistrationRefusal.None ? 1 : 0));
                            }, local =>
                            {
                                Interlocked.Add(ref q, local.Qualifying);
                                local.Household.Forget();
                            });
                            qualifying += q;
                            next += chunk.Count;
                            chunk.Clear();
                            free.Writer.TryWrite(chunk);
                            await ready.Writer.WriteAsync(output, cts.Token);
                        }

                        ready.Writer.Complete();
                    }
                    catch (Exception e)
                    {
                        ready.Writer.Complete(e);
                        throw;
                    }
                }, cts.Token);

                try
                {
                    await using var writer = await ImportWriter.OpenAsync(_engine, c, tx, cancellationToken);
                    await foreach (var chunk in ready.Reader.ReadAllAsync(cancellationToken))
                    {
                        await writer.WriteAsync(chunk, cancellationToken);
                        written += chunk.Length;
                        progress?.Report(written);
                    }

                    await writer.CompleteAsync(cancellationToken);
                }
                catch
                {
                    await cts.CancelAsync();
                    throw;
                }
                finally
                {
                    await Task.WhenAll(reader, protector).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                await Task.WhenAll(reader, protector);
                errors.ThrowIfAny();
                await _engine.EndBulkAsync(c, tx, deferred, cancellationToken);
            }
            finally
            {
                // Whatever stopped the pipeline, no resident's text stays in a chunk.
                foreach (var chunk in chunks)
                {
                    chunk?.Clear();
                }

                await _engine.RestoreAfterBulkAsync(c, tx);
            }

            if (written != rows)
            {
                throw new InvalidOperationException($"{path}: {rows} rows read but {written} written.");
            }

            await RefuseAppliedAsync(c, tx, path, hash, cancellationToken);
            await c.ExecAsync(tx, "UPDATE id_allocator SET next_id = @n WHERE name = 'person'", cancellationToken, ("@n", start + rows));
            await c.ExecAsync(tx, "INSERT INTO import_file (kind, sha256, base_sha256, synthetic, as_of, period_from, period_to, row_count, applied_at_us) VALUES ('resident-file', @h, NULL, @s, @a, NULL, NULL, @n, @t)", cancellationToken,
                ("@h", hash), ("@s", Info.Kind == StoreKind.Synthetic ? 1 : 0), ("@a", asOf), ("@n", rows), ("@t", now));
            var subjects = rows == 0 ? SubjectSet.Empty : SubjectSet.Range(start, start + rows - 1);
            await AppendAuditAsync(c, tx, who, "person.import", subjects, AuditOutcome.Success, rows, cancellationToken);
            return (start, start + rows - 1);
        }, cancellationToken);

        var byWard = new Dictionary<string, long>(StringComparer.Ordinal);
        var byDistrict = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (town, count) in byTown)
        {
            byWard[town.WardCode] = byWard.GetValueOrDefault(town.WardCode) + count;
            byDistrict[town.DistrictCode] = byDistrict.GetValueOrDefault(town.DistrictCode) + count;
        }

        return new ResidentImportResult(hash, asOf, rows, qualifying, first, last, byWard, byDistrict);
    }

    /// <summary>被登録資格 (法21①) on the file's date, from what the file says: nationality as of that day, 住定日, birth.</summary>
    private static RegistrationRefusal EligibilityAtImport(DateOnly birth, bool japanese, DateOnly residentSince, DateOnly asOf) =>
        RegistrationEligibility.Evaluate(HistoryFromFile(birth, japanese, residentSince), asOf).Refusal;

    /// <summary>
    /// The person's history as far as a resident file tells it: a Japanese national is taken as one from birth (the
    /// file carries no naturalization date; a later 帰化 comes through a change file), resident from the 住定日.
    /// </summary>
    internal static PersonHistory HistoryFromFile(DateOnly birth, bool japanese, DateOnly residentSince) => japanese
        ? PersonHistory.JapaneseResident(birth, residentSince)
        : new PersonHistory { BirthDate = birth, Residences = [new ResidencePeriod(residentSince)] };

    /// <summary>One resident of a change file (転入, 出生), protected through the string path.</summary>
    private PersonRow ProtectResident(long id, ResidentRow r, Town town, long now) =>
        Protect(id, new NewPerson(Info.Kind, r.ResidentId, r.HouseholdId, r.Identity, r.WardCode, town.DistrictCode, (int)ElectorStatus.None, r.Sex, r.ResidentSince, null), now);

    /// <summary>
    /// The identity group of <see cref="ProtectIdentityParts"/>, field by field, as columns of the resident file; the two
    /// dates are written from the parsed dates, as <see cref="BlindIndexer.BirthValue"/> writes them.
    /// </summary>
    private static readonly int[] IdentityColumns =
    [
        ResidentColumns.ResidentId, ResidentColumns.HouseholdId, ResidentColumns.Surname, ResidentColumns.GivenName, ResidentColumns.SurnameKana,
        ResidentColumns.GivenNameKana, ResidentColumns.BirthDate, ResidentColumns.Nationality, ResidentColumns.PostalCode, ResidentColumns.Address,
        ResidentColumns.Banchi, ResidentColumns.Building, ResidentColumns.Phone, ResidentColumns.PreviousAddress, ResidentColumns.Relationship,
        ResidentColumns.TownCode, ResidentColumns.ResidentSince,
    ];

    /// <summary>
    /// <see cref="Protect"/> of one resident of a chunk, from the chunk's text: the same row, ciphertext layout and index
    /// values, without a string or record per field (tests compare it with the string path).
    /// </summary>
    private PersonRow ProtectImported(long id, ResidentChunk rows, int row, long nowMicros, RepeatedIndexes repeated, HouseholdMemo households)
    {
        var town = rows.Town(row);
        var birth = rows.BirthDate(row);
        var since = rows.ResidentSince(row);
        Span<char> dates = stackalloc char[20];
        birth.TryFormat(dates, out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        since.TryFormat(dates[10..], out _, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The packed plaintext is wiped before this returns, as on the string path. (The names joined below stay on the
        // stack until later calls overwrite it, as the string path's strings stay on the heap until collected.)
        var size = FieldGroupCodec.MaxEncodedSize(IdentityColumns.Length, rows.Length(row) + dates.Length);
        var plain = size <= 4096 ? stackalloc byte[size] : new byte[size];
        byte[] blob;
        try
        {
            var group = new FieldGroupWriter(plain, IdentityColumns.Length);
            foreach (var column in IdentityColumns)
            {
                group.Add(column switch { ResidentColumns.BirthDate => dates[..10], ResidentColumns.ResidentSince => dates[10..], _ => rows[row, column] });
            }

            blob = _cipher.Encrypt(KeyPurpose.IdentityEncryption, new FieldContext(PersonTable, IdentityGroup, id), plain[..group.Length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }

        var surnameKana = rows[row, ResidentColumns.SurnameKana];
        var givenNameKana = rows[row, ResidentColumns.GivenNameKana];
        var surname = rows[row, ResidentColumns.Surname];
        var givenName = rows[row, ResidentColumns.GivenName];

        // Names joined as PersonIdentity joins them (KanaName, KanjiName); the file allows at most 60 + 60 characters.
        Span<char> kanaName = stackalloc char[surnameKana.Length + givenNameKana.Length];
        Span<char> kanjiName = stackalloc char[surname.Length + givenName.Length];
        var kana = repeated.KanaName;

        // The ward is the town's, which validation checked equals the file's ward_code; both are city.json's strings.
        return new PersonRow(
            id, _indexer.Reference(repeated.Reference, rows[row, ResidentColumns.ResidentId]), households.Reference(rows[row, ResidentColumns.HouseholdId]),
            town.WardCode, town.DistrictCode, (int)ElectorStatus.None, rows.Sex(row), null, nowMicros, blob, FieldCipher.KeyVersionOf(blob), kana.Version,
            _indexer.Compute(kana, Joined(surnameKana, givenNameKana, kanaName)),
            _indexer.Compute(repeated.KanjiName, Joined(surname, givenName, kanjiName)),
            repeated.Birth.Compute(birth, dates[..10]),
            _indexer.ComputeKanaBirth(repeated.KanaBirth, surnameKana, givenNameKana, birth),
            repeated.KanaSurname.Compute(surnameKana),
            repeated.KanjiSurname.Compute(surname));

        static ReadOnlySpan<char> Joined(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<char> buffer)
        {
            first.CopyTo(buffer);
            second.CopyTo(buffer[first.Length..]);
            return buffer[..(first.Length + second.Length)];
        }
    }

    private void CheckCityKind(Municipality city)
    {
        if (city.IsSynthetic != (Info.Kind == StoreKind.Synthetic))
        {
            throw new StoreRefusedException($"city.json is {(city.IsSynthetic ? "synthetic" : "production")} but this store is {Info.Kind.ToString().ToLowerInvariant()}; it refuses the other kind.");
        }
    }

    /// <summary>A synthetic store takes only marked files, a production store only unmarked ones (合成データ never mixes with 本番).</summary>
    private FileMarker? CheckMarker(InterfaceFileSource source, string kind)
    {
        var marker = FileMarker.Parse(source.MarkerLine);
        if (Info.Kind == StoreKind.Production && marker is not null)
        {
            throw new StoreRefusedException($"{source.Path}: line 1: the file is synthetic ({InterfaceFileSource.SyntheticMarker}); this production store refuses synthetic data. Nothing was applied.");
        }

        if (Info.Kind == StoreKind.Synthetic && marker is null)
        {
            throw new StoreRefusedException($"{source.Path}: line 1: no {InterfaceFileSource.SyntheticMarker} marker: this synthetic store refuses production data. Nothing was applied.");
        }

        if (marker is not null && marker.Kind != kind)
        {
            throw new StoreRefusedException($"{source.Path}: line 1: the marker says '{marker.Kind}', expected '{kind}'.");
        }

        return marker;
    }

    private static async Task<bool> HoldsResidentsAsync(DbConnection c, DbTransaction? tx, CancellationToken cancellationToken) =>
        await c.ScalarAsync<long>(tx, "SELECT count(*) FROM import_file WHERE kind = 'resident-file'", cancellationToken) > 0
        || await c.ScalarAsync<bool>(tx, "SELECT EXISTS (SELECT 1 FROM person)", cancellationToken);

    private static async Task RefuseAppliedAsync(DbConnection c, DbTransaction? tx, string path, string hash, CancellationToken cancellationToken)
    {
        var seq = await c.ScalarAsync<long?>(tx, "SELECT seq FROM import_file WHERE sha256 = @h", cancellationToken, ("@h", hash));
        if (seq is not null)
        {
            throw new StoreRefusedException($"{path}: already applied (import {seq}, sha256 {hash[..16]}…); a file is applied once. Nothing was changed.");
        }
    }

    /// <summary>Reads the CSV after the marker: checks the header, reports malformed rows, hands each well-formed row on.</summary>
    private static void ForEachRow(InterfaceFileSource source, string[] expected, ErrorList errors, RowAction action, CancellationToken cancellationToken)
    {
        var headerLine = source.LinesBeforeHeader + 1;
        long line = headerLine;
        try
        {
            using var csv = Sep.Reader(o => o with { Unescape = false, DisableColCountCheck = true, DisableQuotesParsing = false }).From(source.Reader);
            var names = csv.Header.ColNames;
            if (!names.SequenceEqual(expected, StringComparer.Ordinal))
            {
                errors.Add(headerLine, null, $"header must be exactly: {string.Join(',', expected)}");
                return;
            }

            long n = 0;
            foreach (var row in csv)
            {
                if ((++n & 4095) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                line = row.LineNumberFrom + source.LinesBeforeHeader;
                if (row.ColCount != expected.Length)
                {
                    errors.Add(line, null, $"malformed CSV: {row.ColCount} fields, expected {expected.Length} (an unclosed quote or a stray comma?)");
                    continue;
                }

                action(row, line);
            }
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            errors.Add(line + 1, null, $"malformed CSV ({e.GetType().Name})");
        }
    }

    private delegate void RowAction(SepReader.Row row, long line);

    private static T ReadBlocking<T>(ChannelReader<T> reader, CancellationToken cancellationToken) =>
        reader.TryRead(out var item) ? item : reader.ReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult();

    private static void WriteBlocking<T>(ChannelWriter<T> writer, T item, CancellationToken cancellationToken)
    {
        if (!writer.TryWrite(item))
        {
            writer.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
        }
    }

}
