using PaymentRecords.Application.Listing;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Application.Events;

/// <param name="Type">One type, or a pattern with <c>*</c> wildcards (<c>invoice.*</c>).</param>
/// <param name="Types">Any of these exact types (empty: no filter).</param>
/// <param name="DeliverySuccess">Stripe: false lists events still pending or failed for at least one endpoint; true, those delivered everywhere.</param>
public sealed record EventListFilter(RangeFilter? Created, string? Type, IReadOnlyList<string> Types, bool? DeliverySuccess);

/// <summary>What the event endpoints read (PaymentRecords.Persistence implements it): untracked, one account.</summary>
public interface IEventReads
{
    /// <summary>The event, or null.</summary>
    Task<EventRecord?> FindAsync(string eventId);

    /// <summary>Events by the filters.</summary>
    ListQuery<EventRecord> List(EventListFilter filter);

    /// <summary>
    /// The events whose <c>data.object.id</c> is one of <paramref name="objectIds"/> (an invoice and its invoice
    /// payments, a subscription), newest first, at most <paramref name="limit"/>: the dashboard's timeline of an object.
    /// </summary>
    Task<IReadOnlyList<EventRecord>> OfObjectsAsync(IReadOnlyCollection<string> objectIds, int limit);
}
