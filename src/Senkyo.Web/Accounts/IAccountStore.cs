namespace Senkyo.Web.Accounts;

/// <summary>
/// Persistence of staff accounts and their security events. The SQLite implementation lives in
/// Senkyo.Web for now (own file data/accounts.db); it moves into Senkyo.Storage, next to the
/// PostgreSQL one, when that project lands — callers depend only on this interface.
/// </summary>
public interface IAccountStore
{
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    Task<Account?> FindByIdAsync(long id, CancellationToken cancellationToken);

    /// <summary>User names compare case-insensitively (ASCII).</summary>
    Task<Account?> FindByUserNameAsync(string userName, CancellationToken cancellationToken);

    Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Inserts and returns the account with its id; a duplicate user name raises <see cref="DuplicateUserNameException"/>.</summary>
    Task<Account> InsertAsync(Account account, CancellationToken cancellationToken);

    Task UpdateAsync(Account account, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="timeStep"/> as used if it is later than the last used step; false when it
    /// is not (the code was already used, possibly by a concurrent request).
    /// </summary>
    Task<bool> TryConsumeTotpStepAsync(long id, long timeStep, CancellationToken cancellationToken);

    Task AppendEventAsync(AccountEvent accountEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<AccountEvent>> ListEventsAsync(AccountEventQuery query, CancellationToken cancellationToken);
}

public sealed class DuplicateUserNameException(string userName)
    : Exception($"user name already exists: {userName}");
