namespace Senkyo.Privacy.Keys;

/// <summary>
/// A key is missing, unreadable, badly protected or not the one the store was made with.
/// The message names the source (file or variable) and never contains key material.
/// </summary>
public sealed class KeyAccessException : Exception
{
    public KeyAccessException(string message) : base(message) { }

    public KeyAccessException(string message, Exception inner) : base(message, inner) { }

    public KeyAccessException() { }
}
