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
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public IReadOnlyList<KeyValuePair<string, FormNode>> Entries => _entries;

    private readonly List<KeyValuePair<string, FormNode>> _entries = [];

    public FormNode? Get(string key) => _index.TryGetValue(key, out var i) ? _entries[i].Value : null;

    public void Set(string key, FormNode value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            _entries[i] = new(key, value);
            return;
        }
        _index[key] = _entries.Count;
        _entries.Add(new(key, value));
    }
}

public sealed class FormList : FormNode
{
    public List<FormNode> Items { get; } = [];
}
