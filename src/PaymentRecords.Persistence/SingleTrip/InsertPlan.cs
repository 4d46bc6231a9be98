using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// An entity type's INSERT, worked out once per type: its table and mapped columns with their type mappings, and
/// the statement's text for each set of columns it has been sent with (a store-generated column left at its
/// sentinel is left out), so the text is built once and PostgreSQL prepares it once per connection. The commands
/// written by hand (<see cref="SingleTripSave"/>, <see cref="LastFlushBatch"/>) take their tables and columns from it.
/// </summary>
internal sealed class InsertPlan
{
    private readonly string _table;
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    private InsertPlan(string table, (IProperty Property, string Column, RelationalTypeMapping Mapping)[] columns)
    {
        _table = table;
        Columns = columns;
    }

    public (IProperty Property, string Column, RelationalTypeMapping Mapping)[] Columns { get; }

    /// <summary>The table, delimited.</summary>
    public string Table => _table;

    /// <summary>The column of <paramref name="property"/>, with its type mapping.</summary>
    public (string Column, RelationalTypeMapping Mapping) ColumnOf(IProperty property)
    {
        foreach (var (p, column, mapping) in Columns) if (p == property) return (column, mapping);
        throw new InvalidOperationException($"{property.Name} is not a column of {_table}");
    }

    private static readonly ConcurrentDictionary<IEntityType, InsertPlan> Plans = new();

    /// <summary>The plan of <paramref name="type"/>, worked out on its first use.</summary>
    public static InsertPlan Of(IEntityType type, ISqlGenerationHelper helper) =>
        Plans.GetOrAdd(type, static (type, helper) => For(type, helper), helper);

    private static InsertPlan For(IEntityType type, ISqlGenerationHelper helper)
    {
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = type.GetProperties()
            .Select(p => (Property: p, Column: p.GetColumnName(table)))
            .Where(c => c.Column is not null)
            .Select(c => (c.Property, helper.DelimitIdentifier(c.Column!), c.Property.GetRelationalTypeMapping()))
            .ToArray();
        return new InsertPlan(helper.DelimitIdentifier(table.Name, table.Schema), columns);
    }

    /// <summary>
    /// <see cref="Text"/>, returning the row's version (<c>xmin</c>) and the columns left to the database, in order
    /// (a row <see cref="RememberedRows"/> keeps).
    /// </summary>
    public string TextReturningVersion(string sent) => _texts.GetOrAdd("v" + sent, static (key, plan) =>
        plan.Text(key[1..]) + " RETURNING " + string.Join(", ", plan.LeftToDatabase(key[1..]).Prepend("xmin::text")), this);

    /// <summary>
    /// <see cref="Text"/>, returning the columns left to the database, in order (none left: no RETURNING), so the
    /// entry gets the values EF Core's own INSERT would have read back.
    /// </summary>
    public string TextReturningGenerated(string sent) => sent.Contains('0') ? _texts.GetOrAdd("g" + sent, static (key, plan) =>
        plan.Text(key[1..]) + " RETURNING " + string.Join(", ", plan.LeftToDatabase(key[1..])), this) : Text(sent);

    /// <summary>The columns <paramref name="sent"/> leaves to the database ('0'), in order.</summary>
    private IEnumerable<string> LeftToDatabase(string sent)
    {
        for (var i = 0; i < sent.Length; i++) if (sent[i] == '0') yield return Columns[i].Column;
    }

    /// <summary>Which columns the INSERT of <paramref name="entry"/> sends: '1' sent, '0' a store-generated column left at its sentinel.</summary>
    public string Sent(EntityEntry entry) => string.Create(Columns.Length, (plan: this, entry), static (mask, state) =>
    {
        for (var i = 0; i < state.plan.Columns.Length; i++)
        {
            var property = state.plan.Columns[i].Property;
            mask[i] = property.ValueGenerated != ValueGenerated.Never && Equals(EntryValues.Current(state.entry, property), property.Sentinel) ? '0' : '1';
        }
    });

    /// <summary>
    /// The INSERT of <paramref name="entry"/>'s row as <paramref name="text"/> (one of this plan's texts for
    /// <paramref name="sent"/>), with parameters a batch of the same text used before when there are
    /// (<see cref="PooledParameters"/>: hand <c>Kept</c> back once the batch has run). <paramref name="providerValues"/>,
    /// when given, receives the provider value sent for each column, in column order.
    /// </summary>
    public (NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept) Insert(EntityEntry entry, string sent, string text,
        NpgsqlCommand factory, object?[]? providerValues = null)
    {
        var (insert, kept) = PooledParameters.Statement(text);
        var parameter = 0;
        for (var i = 0; i < Columns.Length; i++)
        {
            if (sent[i] == '0') continue;
            var (property, _, mapping) = Columns[i];
            Bind(insert, kept is not null, parameter, property, mapping, EntryValues.Current(entry, property), factory);
            if (providerValues is not null) providerValues[i] = insert.Parameters[parameter].Value is var sentValue and not DBNull ? sentValue : null;
            parameter++;
        }
        return (insert, kept);
    }

    /// <summary>
    /// The INSERT of an object the change tracker does not hold, every column sent (for a type whose columns the
    /// database never generates: <see cref="SingleTripSave"/>'s stored response). Tracking it only to write it was
    /// a fifth of a one-trip create's own CPU in EF Core's graph attacher and snapshots (bench/README.md, "Issue 11,
    /// twelfth session").
    /// </summary>
    public (NpgsqlBatchCommand Command, NpgsqlParameter[]? Kept) InsertUntracked(object entity, NpgsqlCommand factory)
    {
        var sent = new string('1', Columns.Length);
        var (insert, kept) = PooledParameters.Statement(Text(sent));
        for (var i = 0; i < Columns.Length; i++)
        {
            var (property, _, mapping) = Columns[i];
            if (property.ValueGenerated != ValueGenerated.Never || property.IsShadowProperty())
                throw new InvalidOperationException($"{property.Name} of {_table} is not the object's own to send");
            Bind(insert, kept is not null, i, property, mapping, property.GetGetter().GetClrValue(entity), factory);
        }
        return (insert, kept);
    }

    /// <summary>
    /// Gives the statement's parameter at <paramref name="index"/> its value: made from the column's type mapping the
    /// first time (<paramref name="reused"/> false: added, in order), or, on parameters a batch of the same text used
    /// before, set as the mapping's converter makes it (the provider value, DBNull for null).
    /// </summary>
    private static void Bind(NpgsqlBatchCommand command, bool reused, int index, IProperty property, RelationalTypeMapping mapping,
        object? value, NpgsqlCommand factory)
    {
        if (reused)
        {
            command.Parameters[index].Value = (mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value) ?? DBNull.Value;
            return;
        }
        var made = (NpgsqlParameter)mapping.CreateParameter(factory, "", value, property.IsNullable);
        made.Size = 0;
        command.Parameters.Add(made);
    }

    /// <summary>
    /// The SET list of an UPDATE of <paramref name="entry"/>'s changed columns (<c>column = $n</c>), each value added to
    /// <paramref name="command"/>'s parameters; empty when none changed.
    /// </summary>
    public List<string> ChangedColumns(EntityEntry entry, NpgsqlBatchCommand command, NpgsqlCommand factory)
    {
        var sets = new List<string>();
        foreach (var property in entry.Metadata.GetProperties())
        {
            if (!entry.Property(property.Name).IsModified) continue;
            var (column, mapping) = ColumnOf(property);
            Bind(command, reused: false, command.Parameters.Count, property, mapping, EntryValues.Current(entry, property), factory);
            sets.Add($"{column} = ${command.Parameters.Count}");
        }
        return sets;
    }

    /// <summary>The INSERT of the columns <paramref name="sent"/> marks ('1' sent, '0' left out), with positional parameters.</summary>
    public string Text(string sent) => _texts.GetOrAdd(sent, static (mask, plan) =>
    {
        var columns = new List<string>();
        for (var i = 0; i < mask.Length; i++) if (mask[i] == '1') columns.Add(plan.Columns[i].Column);
        return $"INSERT INTO {plan._table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
    }, this);
}
