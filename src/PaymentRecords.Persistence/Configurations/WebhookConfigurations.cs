using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Webhooks;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.ToTable("webhook_endpoints");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.EnabledEvents).HasColumnType("text[]");
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("webhook_deliveries");
        b.HasKey(x => new { x.AccountId, x.EventId, x.EndpointId });
        b.Property(x => x.State).HasMaxLength(16);
        // The dispatcher's claim: pending deliveries by due time.
        b.HasIndex(x => x.NextAttemptAt).HasFilter("state = 'pending'").HasDatabaseName("ix_webhook_deliveries_due");
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> b)
    {
        b.ToTable("webhook_attempts");
        b.HasKey(x => new { x.AccountId, x.Seq });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.HasIndex(x => new { x.AccountId, x.EventId });
    }
}
