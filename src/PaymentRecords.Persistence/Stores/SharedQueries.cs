using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using PaymentRecords.Domain.Common;

namespace PaymentRecords.Persistence.Stores;

/// <summary>SELECT … FOR UPDATE on one row of an account, written once for every store.</summary>
internal static class RowLocks
{
    /// <summary>The row <paramref name="id"/> of <paramref name="accountId"/>, tracked and locked until commit; null if none.</summary>
    public static async Task<T?> LockOneAsync<T>(this PaymentRecordsDbContext db, string accountId, string id) where T : class
    {
        // The table name comes from the model, never from input; the values are parameters.
        var table = db.Model.FindEntityType(typeof(T))?.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
#pragma warning disable EF1003 // the only concatenated part is the model's own table name
        var rows = await db.Set<T>()
            .FromSqlRaw("SELECT * FROM " + table + " WHERE account_id = {0} AND id = {1} FOR UPDATE", accountId, id)
            .ToListAsync();
#pragma warning restore EF1003
        SingleTrip.SingleTripSave.NoteLock(db);
        return rows.Count == 1 ? rows[0] : null;
    }
}

/// <summary>Queries that several resources share, written once.</summary>
public static class SharedQueries
{
    /// <summary>Whether the account holds the row <paramref name="id"/> (a deleted customer included): the check before a 404.</summary>
    public static Task<bool> ExistsAsync<T>(this PaymentRecordsDbContext db, string accountId, string id) where T : class, IAccountScoped =>
        db.Set<T>().AnyAsync(x => x.AccountId == accountId && x.Id == id);

    /// <summary>
    /// The first <paramref name="perParent"/> children of each parent in <paramref name="parentIds"/>, by position, in one
    /// read (a page of invoices or credit notes embeds its first lines this way). Untracked; the caller orders each
    /// parent's children.
    /// </summary>
    public static Task<List<T>> FirstPerParentAsync<T>(this PaymentRecordsDbContext db, string accountId, string parentProperty,
        string positionProperty, string[] parentIds, int perParent) where T : class
    {
        // Only names from the model are concatenated; the values are parameters.
#pragma warning disable EF1003
        return db.Set<T>().FromSqlRaw(FirstPerParentSql(db.Model, typeof(T), parentProperty, positionProperty), accountId, parentIds, perParent)
            .AsNoTracking().ToListAsync();
#pragma warning restore EF1003
    }

    /// <summary>
    /// The SQL of <see cref="FirstPerParentAsync"/>: {0} the account, {1} the parent ids, {2} children per parent. Each
    /// parent's children are read by their own (account_id, parent, position) key, a LATERAL … LIMIT per parent, so
    /// the plan does not depend on the size of the account. (A window over <c>parent = ANY(…)</c> let the planner, which
    /// estimates any account at 0.5% of the table since account_id keeps no statistics, read the whole account through
    /// another account_id index and filter it, while the table held fewer than ~100,000 rows: issue 11.)
    /// </summary>
    public static string FirstPerParentSql(IModel model, Type entityType, string parentProperty, string positionProperty)
    {
        var entity = model.FindEntityType(entityType) ?? throw new InvalidOperationException($"{entityType.Name} is not mapped");
        var table = entity.GetTableName()!;
        var storeObject = StoreObjectIdentifier.Table(table, entity.GetSchema());
        string Column(string property) => entity.FindProperty(property)?.GetColumnName(storeObject)
            ?? throw new InvalidOperationException($"{entityType.Name}.{property} is not mapped");
        var parent = Column(parentProperty);
        var position = Column(positionProperty);
        return "SELECT c.* FROM (SELECT DISTINCT unnest({1}) AS parent_id) p CROSS JOIN LATERAL (SELECT * FROM " + table
            + " x WHERE x.account_id = {0} AND x." + parent + " = p.parent_id ORDER BY x." + position + " LIMIT {2}) c";
    }
}
