namespace Senkyo.Privacy.Encryption;

/// <summary>
/// A ciphertext did not authenticate. The message says where (table, group, row) and never what: no plaintext,
/// no key material.
/// </summary>
public sealed class TamperedDataException : Exception
{
    public TamperedDataException(string message) : base(message) { }

    public TamperedDataException(string message, Exception inner) : base(message, inner) { }

    public TamperedDataException() { }
}
