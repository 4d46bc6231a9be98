namespace PaymentRecords.Api.Wire;

/// <summary>A node of a decoded form: a scalar, a keyed object, or an appended (<c>a[]</c>) list.</summary>
public abstract class FormNode;

public sealed class FormValue(string value) : FormNode
{
    public string Value { get; } = value;
}

/// <summary>
/// Keys in arrival order. Indexed arrays (<c>a[0]</c>) arrive here too; the coercer turns them into lists.
/// Lookups go through an index, so a body with many thousands of keys decodes in linear time (a linear scan per
/// key made a 30 MB body of distinct keys take hours of CPU).
/// </summary>
public sealed class FormObject : FormNode
{
    /// <summary>Past this many keys, an index finds a key; below it, looking through the few entries costs less than an index.</summary>
    private const int IndexedFrom = 16;

    private Dictionary<string, int>? _index;

    public IReadOnlyList<KeyValuePair<string, FormNode>> Entries => _entries;

    private readonly List<KeyValuePair<string, FormNode>> _entries = [];

    public FormNode? Get(string key) => Find(key) is var i and >= 0 ? _entries[i].Value : null;

    public void Set(string key, FormNode value)
    {
        if (Find(key) is var i and >= 0)
        {
            _entries[i] = new(key, value);
            return;
        }
        _index?.Add(key, _entries.Count);
        _entries.Add(new(key, value));
        if (_index is null && _entries.Count == IndexedFrom)
        {
            _index = new Dictionary<string, int>(2 * IndexedFrom, StringComparer.Ordinal);
            for (var e = 0; e < _entries.Count; e++) _index[_entries[e].Key] = e;
        }
    }

    private int Find(string key)
    {
        if (_index is not null) return _index.TryGetValue(key, out var i) ? i : -1;
        for (var e = 0; e < _entries.Count; e++)
            if (string.Equals(_entries[e].Key, key, StringComparison.Ordinal)) return e;
        return -1;
    }
}

public sealed class FormList : FormNode
{
    public List<FormNode> Items { get; } = [];
}
