using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Meters;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class MeterConfiguration : IEntityTypeConfiguration<Meter>
{
    /// <summary>At most one active meter of an account per event name: an event finds its meter by name.</summary>
    public const string ActiveEventName = "ix_billing_meters_account_id_event_name_active";

    public void Configure(EntityTypeBuilder<Meter> b)
    {
        b.ToTable("billing_meters");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.Formula).HasMaxLength(8);
        b.Property(x => x.EventTimeWindow).HasMaxLength(8);
        b.Property(x => x.EventName).HasMaxLength(100);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.EventName }).IsUnique().HasFilter("status = 'active'").HasDatabaseName(ActiveEventName);
    }
}

internal sealed class MeterEventConfiguration : IEntityTypeConfiguration<MeterEvent>
{
    public void Configure(EntityTypeBuilder<MeterEvent> b)
    {
        b.ToTable("billing_meter_events");
        // The key is the rule: an identifier is taken once per account, so a repeat (even a concurrent one) is refused
        // by the index, never counted twice.
        b.HasKey(x => new { x.AccountId, x.Identifier }).HasName(UniqueIndexes.MeterEventIdentifier);
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Identifier).HasMaxLength(100);
        b.Property(x => x.EventName).HasMaxLength(100);
        b.Property(x => x.Payload).IsMetadataJson();
        // Aggregation: one meter's events of one customer in a time range (summaries, renewals).
        b.HasIndex(x => new { x.AccountId, x.MeterId, x.CustomerId, x.Timestamp });
    }
}

internal sealed class BillingAlertConfiguration : IEntityTypeConfiguration<BillingAlert>
{
    public void Configure(EntityTypeBuilder<BillingAlert> b)
    {
        b.ToTable("billing_alerts");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasMaxLength(16);
        b.Property(x => x.AlertType).HasMaxLength(32);
        b.Property(x => x.Recurrence).HasMaxLength(16);
        b.Property(x => x.Title).HasMaxLength(256);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // A meter event's trigger looks for the meter's active alerts (Migrations/…_BillingAlerts.cs).
        b.HasIndex(x => new { x.AccountId, x.MeterId }).HasFilter("status = 'active'");
    }
}

internal sealed class BillingAlertTriggerConfiguration : IEntityTypeConfiguration<BillingAlertTrigger>
{
    public void Configure(EntityTypeBuilder<BillingAlertTrigger> b)
    {
        b.ToTable("billing_alert_triggers");
        // The key is the rule: a one_time alert fires once per customer.
        b.HasKey(x => new { x.AccountId, x.AlertId, x.CustomerId });
    }
}
