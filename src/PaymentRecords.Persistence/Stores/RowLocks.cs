using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

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
        return rows.Count == 1 ? rows[0] : null;
    }
}
