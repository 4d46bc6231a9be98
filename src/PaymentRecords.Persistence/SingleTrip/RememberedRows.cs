using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// Customers as this process last wrote them in one round trip, each with its row version (PostgreSQL's <c>xmin</c>:
/// the transaction that wrote the row version), so that an update can run in one round trip too: the handler starts
/// from the remembered row instead of reading it, and <see cref="SingleTripSave"/> writes the change only where the row
/// still has that version (<c>WHERE … AND xmin = v</c>, checked in the batch). A remembered row is never trusted: any
/// other write of the row (another request, another replica, a job, a hand-written UPDATE) gives it a new version, the
/// check fails, nothing is written, and the request runs the classic way, which reads and locks. So what is kept here
/// decides only how many round trips an update takes, never what it writes.
/// <para>
/// Kept as provider values (a JSON column as its text), so each recall builds fresh objects a handler may change. At
/// most <see cref="Kept"/> rows (about 1 KB each: a resident set under load within issue 11's 200 MB, where 2,000
/// rows kept as node trees cost some 20 MB); past that, all are forgotten and the next updates read first.
/// </para>
/// </summary>
public static class RememberedRows
{
    private const int Kept = 500;

    private sealed record Row(object?[] Values, string Version);

    private static readonly BoundedMemo<(string Account, string Id), Row> Customers = new(Kept);

    /// <summary>Whether rows of this entity type are remembered (customers: what a one-trip update starts from).</summary>
    public static bool Remembers(IEntityType type) => type.ClrType == typeof(Customer);

    /// <summary>A fresh copy of the remembered customer and its version; false when none is remembered.</summary>
    internal static bool TryRecall(PaymentRecordsDbContext db, string accountId, string id, out Customer customer, out string version)
    {
        customer = null!;
        version = "";
        if (!Customers.TryGetValue((accountId, id), out var row)) return false;
        customer = (Customer)RowMaterializer.For(db.Model.FindEntityType(typeof(Customer))!).FromValues(row.Values);
        version = row.Version;
        return true;
    }

    /// <summary>
    /// Remembers the row an entry holds (as saved) at <paramref name="version"/>: <paramref name="providerValues"/> when
    /// the command sent all of them (an INSERT's, in column order), else converted from the entry.
    /// </summary>
    internal static void Remember(EntityEntry entry, string version, object?[]? providerValues = null)
    {
        if (entry.Entity is not Customer customer) return;
        Customers.Set((customer.AccountId, customer.Id), new Row(providerValues ?? RowMaterializer.For(entry.Metadata).ProviderValues(entry), version));
    }

    /// <summary>Forgets a row whose remembered version turned out stale (or that is gone).</summary>
    internal static void Forget(object entity)
    {
        if (entity is Customer customer) Customers.Remove((customer.AccountId, customer.Id));
    }
}
