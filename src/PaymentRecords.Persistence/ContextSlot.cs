using Microsoft.EntityFrameworkCore;

namespace PaymentRecords.Persistence;

/// <summary>
/// A value an interceptor or a unit of work keeps for one <see cref="PaymentRecordsDbContext"/> while it is in use,
/// stored on the context itself. Not a <c>ConditionalWeakTable</c>: an entry added and removed on every request costs a
/// GC handle each, and the table's discarded containers a finalizer run each (4% of the server's CPU in the seed flow).
/// A pooled context keeps no value past its request: every owner removes its value when its unit of work ends.
/// </summary>
public sealed class ContextSlot<T> where T : class
{
    private static Dictionary<object, object> Slots(DbContext db) =>
        (db as PaymentRecordsDbContext ?? throw new InvalidOperationException($"{db.GetType().Name} has no slots")).Slots;

    public bool TryGetValue(DbContext db, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        var found = Slots(db).TryGetValue(this, out var stored);
        value = found ? (T)stored! : null;
        return found;
    }

    public void Set(DbContext db, T value) => Slots(db)[this] = value;

    public T GetOrCreate(DbContext db, Func<T> create)
    {
        if (TryGetValue(db, out var value)) return value;
        value = create();
        Set(db, value);
        return value;
    }

    public void Remove(DbContext db) => Slots(db).Remove(this);
}
