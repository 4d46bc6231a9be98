using System.Collections.Concurrent;
using Npgsql;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// The parameters of statements sent before, kept by the statement's text for the next batch that sends the same
/// text: an NpgsqlParameter is about 200 bytes, and a create sends some thirty (a fifth of what it allocated). The
/// statement itself is new each time (Npgsql ties a sent statement to the connection that prepared it). A set of
/// parameters is taken by one batch at a time and given back once that batch has run, its values cleared, so the
/// pool holds no request's data. Each parameter keeps what its type mapping configured (its NpgsqlDbType, a json
/// column's for instance) and only its value changes; its Size stays 0, so a value is never cut to a column's
/// length: PostgreSQL refuses one that is too long, as it does for EF Core's own commands.
/// </summary>
internal static class PooledParameters
{
    private const int KeptPerText = 64;

    private static readonly ConcurrentDictionary<string, ConcurrentQueue<NpgsqlParameter[]>> Kept =
        new(StringComparer.Ordinal);

    /// <summary>
    /// A statement of <paramref name="text"/> with the parameters a batch of it used before (<c>Kept</c>: their set,
    /// handed back to <see cref="Keep"/>), or with none (<c>Kept</c> null: add them).
    /// </summary>
    public static (NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept) Statement(string text)
    {
        var command = new NpgsqlBatchCommand(text);
        if (!Kept.TryGetValue(text, out var queue) || !queue.TryDequeue(out var kept)) return (command, null);
        foreach (var parameter in kept) command.Parameters.Add(parameter);
        return (command, kept);
    }

    /// <summary>Keeps the parameters of statements made by <see cref="Statement"/> once their batch has run, their values cleared.</summary>
    public static void Keep(List<(NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept)> statements)
    {
        foreach (var (command, taken) in statements)
        {
            if (command.Parameters.Count == 0) continue;
            var kept = taken is not null && taken.Length == command.Parameters.Count ? taken : new NpgsqlParameter[command.Parameters.Count];
            command.Parameters.CopyTo(kept, 0);
            command.Parameters.Clear();
            foreach (var parameter in kept) parameter.Value = null;
            var queue = Kept.GetOrAdd(command.CommandText, static _ => new());
            if (queue.Count < KeptPerText) queue.Enqueue(kept);
        }
    }
}
