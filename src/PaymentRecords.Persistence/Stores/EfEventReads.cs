using Microsoft.EntityFrameworkCore;
using PaymentRecords.Application.Events;
using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Persistence.Stores;

/// <summary><see cref="IEventReads"/> over one DbContext, for one account.</summary>
public sealed class EfEventReads(PaymentRecordsDbContext db, string accountId) : IEventReads
{
    private IQueryable<EventRecord> Events() => db.Events.AsNoTracking().Where(e => e.AccountId == accountId);

    public Task<EventRecord?> FindAsync(string eventId) => Events().FirstOrDefaultAsync(e => e.Id == eventId);

    public ListQuery<EventRecord> List(EventListFilter filter)
    {
        var all = Events();
        var query = all.WhereRange(filter.Created, e => e.Created);
        if (filter.Type is { Length: > 0 } type)
            query = type.Contains('*') ? query.Where(e => EF.Functions.Like(e.Type, LikePattern(type), "\\")) : query.Where(e => e.Type == type);
        if (filter.Types.Count > 0) query = query.Where(e => filter.Types.Contains(e.Type));
        if (filter.DeliverySuccess is { } delivered) query = delivered ? query.Where(e => e.PendingWebhooks == 0) : query.Where(e => e.PendingWebhooks > 0);
        return new ListQuery<EventRecord>(all, query);
    }

    /// <summary>
    /// By the index <c>ix_events_account_id_object_id_created_seq</c> (migration EventObjectIdColumn), in one
    /// statement that <c>EventsByObjectIndexTests</c> explains as it is written here.
    /// </summary>
    public async Task<IReadOnlyList<EventRecord>> OfObjectsAsync(IReadOnlyCollection<string> objectIds, int limit)
    {
        if (objectIds.Count == 0) return [];
        var ids = objectIds.ToArray();
        return await db.Events.FromSql($"""
            SELECT * FROM events
            WHERE account_id = {accountId} AND object_id = ANY({ids})
            ORDER BY created DESC, seq DESC
            LIMIT {limit}
            """).AsNoTracking().ToListAsync();
    }

    /// <summary>
    /// <c>invoice.*</c> → <c>invoice.%</c>, with LIKE's own wildcards escaped by a backslash — which the query names
    /// as its escape character: Npgsql's LIKE without one says <c>ESCAPE ''</c>, and <c>test\_helpers.*</c> matched nothing.
    /// </summary>
    public static string LikePattern(string type) =>
        type.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace('*', '%');
}
