namespace Senkyo.Storage;

/// <summary>
/// An operation the store refuses: wrong store kind, out of ward scope, not initialised, already initialised.
/// The message is safe to show (no personal data).
/// </summary>
public sealed class StoreRefusedException : Exception
{
    public StoreRefusedException(string message) : base(message) { }

    public StoreRefusedException(string message, Exception inner) : base(message, inner) { }

    public StoreRefusedException() { }
}
