using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// Builds entities of one mapped type from the rows of a result set EF Core did not send (a <see cref="ReadBatch"/>'s),
/// as EF Core's own materializer would: every mapped column read as its provider type, converted by the property's value
/// converter, and written where EF Core writes it (the backing field when there is one, else the property's setter).
/// Worked out once per entity type from the model. The model has no navigations, owned types or constructor
/// bindings, so a row is exactly its columns.
/// </summary>
internal sealed class RowMaterializer
{
    private sealed record Column(IProperty Property, string Name, Func<DbDataReader, int, object> Read, ValueConverter? Converter, Action<object, object?> Set);

    private static readonly ConcurrentDictionary<IEntityType, RowMaterializer> Plans = new();

    private readonly Type _clrType;
    private readonly Column[] _columns;

    private RowMaterializer(Type clrType, Column[] columns)
    {
        _clrType = clrType;
        _columns = columns;
    }

    public static RowMaterializer For(IEntityType type) => Plans.GetOrAdd(type, Build);

    private static RowMaterializer Build(IEntityType type)
    {
        if (type.GetNavigations().Any() || type.GetComplexProperties().Any() || type.IsOwned())
            throw new NotSupportedException($"{type.DisplayName()} has navigations or owned parts; read it with EF Core");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            if (property.GetColumnName(table) is not { } name) continue;
            var mapping = property.GetTypeMapping();
            var converter = mapping.Converter;
            var providerType = converter?.ProviderClrType ?? property.ClrType;
            providerType = Nullable.GetUnderlyingType(providerType) ?? providerType;
            var read = ReadAs.MakeGenericMethod(providerType).CreateDelegate<Func<DbDataReader, int, object>>();
            columns.Add(new Column(property, name, read, converter, Setter(property)));
        }
        return new RowMaterializer(type.ClrType, [.. columns]);
    }

    private static readonly MethodInfo ReadAs = typeof(RowMaterializer).GetMethod(nameof(ReadValue), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static object ReadValue<T>(DbDataReader reader, int ordinal) => reader.GetFieldValue<T>(ordinal)!;

    /// <summary>
    /// Where EF Core writes the property when it materializes (its default access mode prefers the backing field),
    /// compiled once: <c>(entity, value) => ((TEntity)entity).member = (TMember)value</c>.
    /// </summary>
    private static Action<object, object?> Setter(IProperty property)
    {
        // A readonly field cannot be assigned by an expression; reflection writes it, as EF Core's own materializer does.
        if (property.FieldInfo is { IsInitOnly: true } readOnly) return readOnly.SetValue;
        var entity = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var target = Expression.Convert(entity, property.DeclaringType.ClrType);
        MemberExpression member = property.FieldInfo is { } field
            ? Expression.Field(target, field)
            : Expression.Property(target, property.PropertyInfo
                ?? throw new NotSupportedException($"{property.DeclaringType.DisplayName()}.{property.Name} has no field or property"));
        return Expression.Lambda<Action<object, object?>>(Expression.Assign(member, Expression.Convert(value, member.Type)), entity, value).Compile();
    }

    /// <summary>The ordinal of each column in the result set (by name: <c>SELECT *</c> keeps the table's order, not the model's).</summary>
    public int[] Ordinals(DbDataReader reader)
    {
        var ordinals = new int[_columns.Length];
        for (var i = 0; i < _columns.Length; i++) ordinals[i] = reader.GetOrdinal(_columns[i].Name);
        return ordinals;
    }

    /// <summary>
    /// The row an entry holds, in column order, as provider values (a JSON column as its text: far smaller to keep
    /// than its tree of nodes); <see cref="FromValues"/> builds an entity of them again.
    /// </summary>
    public object?[] ProviderValues(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry)
    {
        var values = new object?[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = EntryValues.Current(entry, _columns[i].Property);
            values[i] = value is not null && _columns[i].Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
        return values;
    }

    /// <summary>A new entity from provider values in column order (<see cref="ProviderValues"/>), converted as a read converts them: fresh objects.</summary>
    public object FromValues(object?[] values)
    {
        var entity = Activator.CreateInstance(_clrType, nonPublic: true)!;
        for (var i = 0; i < _columns.Length; i++)
        {
            var value = values[i];
            if (value is not null && _columns[i].Converter is { } converter) value = converter.ConvertFromProvider(value);
            _columns[i].Set(entity, value);
        }
        return entity;
    }

    /// <summary>The entity of the reader's current row.</summary>
    public object Materialize(DbDataReader reader, int[] ordinals)
    {
        var entity = Activator.CreateInstance(_clrType, nonPublic: true)!;
        for (var i = 0; i < _columns.Length; i++)
        {
            var column = _columns[i];
            var ordinal = ordinals[i];
            object? value = null;
            if (!reader.IsDBNull(ordinal))
            {
                value = column.Read(reader, ordinal);
                if (column.Converter is { } converter) value = converter.ConvertFromProvider(value);
            }
            column.Set(entity, value);
        }
        return entity;
    }
}
