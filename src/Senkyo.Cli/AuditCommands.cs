using System.CommandLine;
using System.Globalization;
using Senkyo.Privacy.Audit;

namespace Senkyo.Cli;

/// <summary>
/// <c>senkyo audit checkpoint|verify|prove</c>: the tamper-evident audit log (監査ログ). Exit codes: 0 intact,
/// 3 the log is not intact (the first bad position is printed), 2 bad input, 1 internal failure.
/// </summary>
public static class AuditCommands
{
    public const int NotIntact = 3;

    public static Command Create()
    {
        var audit = new Command("audit", "The audit log (監査ログ): signed checkpoints for the audit commissioners (監査委員), verification, inclusion proofs.");
        audit.Subcommands.Add(CheckpointCommand());
        audit.Subcommands.Add(VerifyCommand());
        audit.Subcommands.Add(ProveCommand());
        return audit;
    }

    private static Command CheckpointCommand()
    {
        var data = StoreCommands.DataOption();
        var keys = StoreCommands.KeysOption();
        var output = new Option<string>("--out") { Description = "File to write the signed checkpoint to (hand it to someone outside IT).", Required = true };
        var command = new Command("checkpoint", "Sign the current tree head (ECDSA P-256) after checking the log, and write it to a file.") { data, keys, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var cp = await StoreCommands.Guard(() => store.CheckpointAsync(StoreCommands.Operator("audit.checkpoint"), ct));
            var path = parse.GetValue(output)!;
            await AtomicFile.WriteAsync(path, async (s, c) => { await s.WriteAsync(StoreCommands.Utf8.GetBytes(cp.ToText()), c); return 0; }, ct);
            await parse.InvocationConfiguration.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: checkpoint of {cp.Size} events, root {StoreCommands.Hex(cp.Root)}, signed by key {cp.KeyFingerprint}"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command VerifyCommand()
    {
        var data = StoreCommands.DataOption();
        var keys = StoreCommands.KeysOption();
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "Earlier checkpoint file(s): the log must be consistent with each (RFC 9162 consistency proof).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify", "Prove the audit log intact — every link of the hash chain, the recorded head, every stored and given checkpoint — or name the first bad entry.") { data, keys, checkpoints };
        command.SetAction(async (parse, ct) =>
        {
            var given = new List<Checkpoint>();
            foreach (var path in parse.GetValue(checkpoints) ?? [])
            {
                if (!File.Exists(path))
                {
                    throw new UserInputException($"{path}: checkpoint file not found.");
                }

                try
                {
                    given.Add(Checkpoint.Parse(await File.ReadAllTextAsync(path, ct), path));
                }
                catch (FormatException e)
                {
                    throw new UserInputException(e.Message, e);
                }
            }

            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var v = await store.VerifyAuditAsync(given, ct);
            var stdout = parse.InvocationConfiguration.Output;
            if (!v.IsIntact)
            {
                await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"NOT INTACT at entry {v.FirstBadPosition}: {v.Problem}"));
                return NotIntact;
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"intact: {v.Size} events, root {StoreCommands.Hex(v.Root)}{(given.Count > 0 ? $", consistent with {given.Count} given checkpoint(s) up to size {given.Max(c => c.Size)}" : "")}"));
            return CliHost.Success;
        });
        return command;
    }

    private static Command ProveCommand()
    {
        var data = StoreCommands.DataOption();
        var keys = StoreCommands.KeysOption();
        var seq = new Option<long>("--event") { Description = "Position (sequence number) of the event.", Required = true };
        var command = new Command("prove", "Print an inclusion proof (RFC 9162 audit path) that one event is in the current tree.") { data, keys, seq };
        command.SetAction(async (parse, ct) =>
        {
            await using var store = await StoreCommands.OpenAsync(parse.GetValue(data), parse.GetValue(keys), ct);
            var p = await StoreCommands.Guard(() => store.ProveAsync(parse.GetValue(seq), ct));
            var r = p.Record;
            var lines = new List<string>
            {
                string.Create(CultureInfo.InvariantCulture, $"event: {p.Seq}"),
                string.Create(CultureInfo.InvariantCulture, $"time: {DateTimeOffset.UnixEpoch.AddTicks(r.AtMicros * 10):yyyy-MM-ddTHH:mm:ss.ffffffZ}"),
                $"actor: {r.Actor}  role: {r.Role}  wards: {r.WardScope}  purpose: {r.Purpose}",
                string.Create(CultureInfo.InvariantCulture, $"action: {r.Action}  subjects: {(r.Subjects.Length == 0 ? "-" : r.Subjects)}  outcome: {r.Outcome.ToString().ToLowerInvariant()}  count: {(r.ResultCount?.ToString(CultureInfo.InvariantCulture) ?? "-")}"),
                $"leaf: {StoreCommands.Hex(p.LeafHash)}",
                string.Create(CultureInfo.InvariantCulture, $"tree size: {p.TreeSize}"),
                $"root: {StoreCommands.Hex(p.Root)}",
                "path:",
            };
            lines.AddRange(p.Path.Select(h => "  " + StoreCommands.Hex(h)));
            lines.Add(p.Verified ? "verified: yes" : "verified: NO");
            await parse.InvocationConfiguration.Output.WriteLineAsync(StoreCommands.Lines(lines));
            return p.Verified ? CliHost.Success : NotIntact;
        });
        return command;
    }
}
