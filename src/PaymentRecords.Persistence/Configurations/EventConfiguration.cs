using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Events;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<EventRecord>
{
    public void Configure(EntityTypeBuilder<EventRecord> b)
    {
        b.ToTable("events");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Data).IsUnchangingJsonObject();
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.Type });
        // The events of an object, newest first (EfEventReads.OfObjectsAsync).
        b.HasIndex(x => new { x.AccountId, x.ObjectId, x.Created, x.Seq }).IsDescending(false, false, true, true);
    }
}
