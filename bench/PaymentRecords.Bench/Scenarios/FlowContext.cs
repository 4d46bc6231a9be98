using System.Globalization;

namespace PaymentRecords.Bench.Scenarios;

/// <summary>
/// Values passed between the steps of one flow iteration (ids saved from responses, references a later
/// step must repeat). Values saved by the scenario's setup steps are visible to every iteration.
/// </summary>
public sealed class FlowContext
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, string> _shared;

    public FlowContext(int worker, IReadOnlyDictionary<string, string>? shared = null)
    {
        Worker = worker;
        _shared = shared ?? new Dictionary<string, string>();
    }

    /// <summary>Index of the worker running this flow (0-based; -1 for setup).</summary>
    public int Worker { get; }

    /// <summary>How many flows this worker has started before this one.</summary>
    public long Iteration { get; private set; }

    public string this[string key]
    {
        get => _values.TryGetValue(key, out var v) || _shared.TryGetValue(key, out v)
            ? v
            : throw new KeyNotFoundException($"flow value '{key}' is not set: an earlier step (or the setup) must save it");
        set => _values[key] = value;
    }

    /// <summary>Stores a fresh Guid under <paramref name="key"/> and returns it.</summary>
    public string NewGuid(string key) => this[key] = Guid.NewGuid().ToString();

    /// <summary>Current time as Unix seconds, the way Stripe takes timestamps.</summary>
    public static string UnixNow() =>
        DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    internal IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(_values, StringComparer.Ordinal);

    internal void StartIteration(long iteration)
    {
        _values.Clear();
        Iteration = iteration;
    }
}
