using Microsoft.EntityFrameworkCore;
using PaymentRecords.Domain.Catalog;
using PaymentRecords.Domain.CreditNotes;
using PaymentRecords.Domain.Customers;
using PaymentRecords.Domain.Events;
using PaymentRecords.Domain.InvoicePayments;
using PaymentRecords.Domain.PaymentMethods;
using PaymentRecords.Domain.PaymentRecords;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Subscriptions;
using PaymentRecords.Persistence.Idempotency;

namespace PaymentRecords.Persistence;

/// <summary>
/// The one DbContext. Every table leads its keys and indexes with account_id so the schema can later be
/// distributed by account. New migration:
/// <c>dotnet ef migrations add &lt;Name&gt; -p src/PaymentRecords.Persistence -s src/PaymentRecords.Api</c>, then
/// <c>scripts/ef-optimize</c>: EF Core finds the compiled model in <c>CompiledModel/</c> and uses it instead of
/// running the configurations (about a second of start-up); a unit test fails while it is stale.
/// </summary>
public sealed class PaymentRecordsDbContext(DbContextOptions<PaymentRecordsDbContext> options) : DbContext(options)
{
    /// <summary>The <see cref="ContextSlot{T}"/> values of the unit of work in progress.</summary>
    internal Dictionary<object, object> Slots { get; } = [];

    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<InvoicePayment> InvoicePayments => Set<InvoicePayment>();
    public DbSet<EventRecord> Events => Set<EventRecord>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceItem> InvoiceItems => Set<InvoiceItem>();
    public DbSet<CustomerBalanceTransaction> CustomerBalanceTransactions => Set<CustomerBalanceTransaction>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<PaymentRecord> PaymentRecords => Set<PaymentRecord>();
    public DbSet<PaymentAttemptRecord> PaymentAttemptRecords => Set<PaymentAttemptRecord>();
    public DbSet<PaymentRecordRefund> PaymentRecordRefunds => Set<PaymentRecordRefund>();
    public DbSet<CreditNote> CreditNotes => Set<CreditNote>();
    public DbSet<CreditNoteLineItem> CreditNoteLineItems => Set<CreditNoteLineItem>();
    public DbSet<CreditNoteRefund> CreditNoteRefunds => Set<CreditNoteRefund>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Coupon> Coupons => Set<Coupon>();
    public DbSet<Discount> Discounts => Set<Discount>();
    public DbSet<Price> Prices => Set<Price>();
    public DbSet<PaymentMethod> PaymentMethods => Set<PaymentMethod>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<SubscriptionItem> SubscriptionItems => Set<SubscriptionItem>();
    public DbSet<Domain.TestClocks.TestClock> TestClocks => Set<Domain.TestClocks.TestClock>();
    public DbSet<Domain.Scheduling.DueWork> DueWork => Set<Domain.Scheduling.DueWork>();
    public DbSet<Domain.Credits.CreditGrant> CreditGrants => Set<Domain.Credits.CreditGrant>();
    public DbSet<Domain.Credits.CreditBalanceTransaction> CreditBalanceTransactions => Set<Domain.Credits.CreditBalanceTransaction>();
    public DbSet<Domain.Meters.Meter> Meters => Set<Domain.Meters.Meter>();
    public DbSet<Domain.Meters.MeterEvent> MeterEvents => Set<Domain.Meters.MeterEvent>();
    public DbSet<Domain.Meters.BillingAlert> BillingAlerts => Set<Domain.Meters.BillingAlert>();
    public DbSet<Domain.Meters.BillingAlertTrigger> BillingAlertTriggers => Set<Domain.Meters.BillingAlertTrigger>();
    public DbSet<Stores.StoredInvoiceRendering> InvoiceRenderings => Set<Stores.StoredInvoiceRendering>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PaymentRecordsDbContext).Assembly);
    }
}
