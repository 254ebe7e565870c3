using System.Security.Cryptography;
using Senkyo.Storage;

namespace Senkyo.Web.Pages.Register;

/// <summary>
/// One-time request ids for the 実行 step of 名簿の登録: a preview issues an id bound to the account, the exact run it
/// showed and its counts; the commit names only the id. The first commit of an id runs it; a second submit of the same
/// id (double click, browser back and resubmit, two tabs) waits for and shows the same result instead of running again.
/// Ids live in memory: an unused one expires after <see cref="ConfirmationLifetime"/>, a used one is remembered for
/// <see cref="ResultLifetime"/>; a restart forgets them, which refuses (never repeats) a pending commit.
/// </summary>
public sealed class RegisterRuns(TimeProvider time)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan ResultLifetime = TimeSpan.FromHours(12);

    /// <summary>Unused previews an account may hold at once; older ones are dropped.</summary>
    private const int PendingPerAccount = 10;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Ticket> _tickets = new(StringComparer.Ordinal);

    public string Issue(long accountId, RegisterRunRequest request, RegisterRunResult preview)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(preview);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Purge(now);
            foreach (var old in _tickets.Where(t => t.Value.AccountId == accountId && t.Value.Run is null).OrderByDescending(t => t.Value.IssuedAt).Skip(PendingPerAccount - 1).Select(t => t.Key).ToList())
            {
                _tickets.Remove(old);
            }

            _tickets[id] = new Ticket(accountId, request, preview, now) { Expires = now + ConfirmationLifetime };
        }

        return id;
    }

    /// <summary>
    /// Runs the request behind <paramref name="id"/> once. Null when the id is unknown, expired or another account's:
    /// nothing runs. A failed run stays failed for the id: a retry needs a new preview.
    /// </summary>
    public async Task<RunOutcome?> RunOnceAsync(string? id, long accountId, Func<RegisterRunRequest, Task<RegisterRunResult>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Ticket? ticket;
        TaskCompletionSource<RegisterRunResult>? first = null;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Purge(now);
            if (id is null || !_tickets.TryGetValue(id, out ticket) || ticket.AccountId != accountId)
            {
                return null;
            }

            if (ticket.Run is null)
            {
                first = new TaskCompletionSource<RegisterRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                ticket.Run = first.Task;
                ticket.Expires = now + ResultLifetime;
            }
        }

        if (first is not null)
        {
            try
            {
                first.SetResult(await run(ticket.Request));
            }
            catch (Exception e)
            {
                first.SetException(e);
            }
        }

        return new RunOutcome(ticket.Request, ticket.Preview, await ticket.Run!, Repeated: first is null);
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var key in _tickets.Where(t => t.Value.Expires < now && t.Value.Run is not { IsCompleted: false }).Select(t => t.Key).ToList())
        {
            _tickets.Remove(key);
        }
    }

    private sealed class Ticket(long accountId, RegisterRunRequest request, RegisterRunResult preview, DateTimeOffset issuedAt)
    {
        public long AccountId => accountId;

        public RegisterRunRequest Request => request;

        public RegisterRunResult Preview => preview;

        public DateTimeOffset IssuedAt => issuedAt;

        public DateTimeOffset Expires { get; set; }

        public Task<RegisterRunResult>? Run { get; set; }
    }
}

/// <summary>A committed run with the preview it was confirmed from; <paramref name="Repeated"/> when this submit did not run it.</summary>
public sealed record RunOutcome(RegisterRunRequest Request, RegisterRunResult Preview, RegisterRunResult Result, bool Repeated)
{
    /// <summary>Whether the register changed between the preview and the run (the counts then differ).</summary>
    public bool MatchesPreview =>
        Result.Evaluated == Preview.Evaluated && Result.Wards.SequenceEqual(Preview.Wards);
}
