using Senkyo.Privacy.Indexing;
using Senkyo.Privacy.Keys;

namespace Senkyo.Storage;

/// <summary>
/// One blind-index look-up: the column, the key purpose it is computed under, and the value to hash. A look-up that
/// does not <paramref name="Probe"/> only checks rows the other look-ups of its term found (written <c>+column</c>, which
/// keeps the database from reaching for that column's own index, as SQLite would for a surname without statistics).
/// </summary>
internal sealed record IndexLookup(string Column, KeyPurpose Purpose, string Value, bool Probe = true);

/// <summary>
/// A name as a clerk types it. With a space (half- or full-width) it is surname and given name: "ヤマダ タロウ",
/// "山田　太郎". Without one it is a full name or a surname alone (苗字のみ): "ヤマダタロウ", "ヤマダ", "髙橋".
/// </summary>
internal sealed record NameTerm(string Whole, string? Surname, string? Given)
{
    public static NameTerm? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var t = text.Trim();
        var i = t.AsSpan().IndexOfAny(' ', '\u3000');
        return i < 0 ? new NameTerm(t, null, null) : new NameTerm(t, t[..i], t[(i + 1)..].Trim());
    }

    public bool IsSplit => Surname is not null;

    /// <summary>Compared as search keys (the normalizer folds kana forms, width and variant kanji, and drops spaces).</summary>
    public bool Matches(string surname, string given, Func<string, string> normalize) => IsSplit
        ? normalize(surname) == normalize(Surname!) && normalize(given) == normalize(Given!)
        : normalize(surname + given) == normalize(Whole) || normalize(surname) == normalize(Whole);
}

/// <summary>
/// How a search for electors by kana, kanji name and birth date runs: which blind indexes to look up (the most
/// selective that can find every match) and the check on the decrypted record that decides. Shared by the
/// 選挙人名簿 and the 在外選挙人名簿.
/// </summary>
internal sealed class NameSearch
{
    private readonly NameTerm? _kana;
    private readonly NameTerm? _kanji;
    private readonly DateOnly? _birth;
    private readonly Func<string, string> _normalize;

    private NameSearch(NameTerm? kana, NameTerm? kanji, DateOnly? birth, Func<string, string> normalize, IReadOnlyList<IReadOnlyList<IndexLookup>> terms)
    {
        (_kana, _kanji, _birth, _normalize, Terms) = (kana, kanji, birth, normalize, terms);
    }

    /// <summary>
    /// What the database looks up: rows that satisfy every look-up of at least one term (an OR of ANDs). Every row
    /// that can match is among them; the plaintext check (<see cref="Matches"/>) decides.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IndexLookup>> Terms { get; }

    public static NameSearch Plan(string? kanaText, string? nameText, DateOnly? birth, Func<string, string> normalize)
    {
        var kana = NameTerm.Parse(kanaText);
        var kanji = NameTerm.Parse(nameText);
        IReadOnlyList<IReadOnlyList<IndexLookup>> terms = (kana, kanji, birth) switch
        {
            // Surname and given name: the full-name indexes find every match.
            ({ IsSplit: true } k, _, { } b) => [[KanaBirth(k, b)]],
            ({ IsSplit: true } k, _, null) => [[new("bidx_kana", KeyPurpose.KanaNameIndex, k.Whole)]],
            // A full name or a surname alone, with a birth date: the full name with the date, or the surname within
            // the date (the birth-date index holds both surnames after the date). Only the few real candidates are
            // read and decrypted, not everyone born that day (~30 in a city of 830,000). A kanji name with a date is
            // found within the date and only checked by name: a common full name is shared by a few hundred people
            // and a common surname by thousands, a day by a few dozen at most.
            ({ } k, _, { } b) => [[KanaBirth(k, b)], [Birth(b), new("bidx_kana_surname", KeyPurpose.KanaSurnameIndex, k.Whole)]],
            ({ } k, _, null) => [[new("bidx_kana", KeyPurpose.KanaNameIndex, k.Whole)], [new("bidx_kana_surname", KeyPurpose.KanaSurnameIndex, k.Whole)]],
            (null, { IsSplit: true } n, { } b) => [[Birth(b), new("bidx_kanji", KeyPurpose.KanjiNameIndex, n.Whole, Probe: false)]],
            (null, { IsSplit: true } n, null) => [[new("bidx_kanji", KeyPurpose.KanjiNameIndex, n.Whole)]],
            (null, { } n, { } b) => [[Birth(b), new("bidx_kanji", KeyPurpose.KanjiNameIndex, n.Whole, Probe: false)], [Birth(b), new("bidx_kanji_surname", KeyPurpose.KanjiSurnameIndex, n.Whole, Probe: false)]],
            (null, { } n, null) => [[new("bidx_kanji", KeyPurpose.KanjiNameIndex, n.Whole)], [new("bidx_kanji_surname", KeyPurpose.KanjiSurnameIndex, n.Whole)]],
            (null, null, { } b) => [[Birth(b)]],
            _ => throw new StoreRefusedException("Give at least one of kana, name or birth date."),
        };
        return new NameSearch(kana, kanji, birth, normalize, terms);

        static IndexLookup Birth(DateOnly b) => new("bidx_birth", KeyPurpose.BirthDateIndex, BlindIndexer.BirthValue(b));

        IndexLookup KanaBirth(NameTerm k, DateOnly b) => new("bidx_kana_birth", KeyPurpose.KanaBirthIndex, BlindIndexer.KanaBirthValue(normalize(k.Whole), b));
    }

    /// <summary>
    /// The audit action: <paramref name="prefix"/> and the indexes used, as a sum of products (OR '+', AND '*'), e.g.
    /// person.search.kana+kana_surname or person.search.kana_birth+birth*kana_surname.
    /// </summary>
    public string ActionCode(string prefix) =>
        prefix + string.Join('+', Terms.Select(t => string.Join('*', t.Select(l => l.Column["bidx_".Length..]))));

    public bool Matches(string surname, string givenName, string surnameKana, string givenNameKana, DateOnly birthDate) =>
        (_kana is null || _kana.Matches(surnameKana, givenNameKana, _normalize))
        && (_kanji is null || _kanji.Matches(surname, givenName, _normalize))
        && (_birth is null || birthDate == _birth);
}
