namespace PaymentRecords.Api.Wire;

/// <summary>A node of a decoded form: a scalar, a keyed object, or an appended (<c>a[]</c>) list.</summary>
public abstract class FormNode;

public sealed class FormValue(string value) : FormNode
{
    public string Value { get; } = value;
}

/// <summary>Keys in arrival order. Indexed arrays (<c>a[0]</c>) arrive here too; the coercer turns them into lists.</summary>
public sealed class FormObject : FormNode
{
    public List<KeyValuePair<string, FormNode>> Entries { get; } = [];

    public FormNode? Get(string key)
    {
        foreach (var e in Entries)
        {
            if (e.Key == key) return e.Value;
        }
        return null;
    }

    public void Set(string key, FormNode value)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key == key)
            {
                Entries[i] = new(key, value);
                return;
            }
        }
        Entries.Add(new(key, value));
    }
}

public sealed class FormList : FormNode
{
    public List<FormNode> Items { get; } = [];
}
