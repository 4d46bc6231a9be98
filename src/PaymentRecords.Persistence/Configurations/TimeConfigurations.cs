using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Scheduling;
using PaymentRecords.Domain.TestClocks;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class TestClockConfiguration : IEntityTypeConfiguration<TestClock>
{
    public void Configure(EntityTypeBuilder<TestClock> b)
    {
        b.ToTable("test_clocks");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Status).HasMaxLength(24);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        // The schedulers look for advancing clocks.
        b.HasIndex(x => x.Status).HasFilter("status = 'advancing'");
    }
}

internal sealed class DueWorkConfiguration : IEntityTypeConfiguration<DueWork>
{
    public void Configure(EntityTypeBuilder<DueWork> b)
    {
        b.ToTable("due_work");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Kind).HasMaxLength(48);
        // The same work cannot be due twice: a second renewal of one period is a unique violation, not a duplicate.
        b.HasIndex(x => new { x.AccountId, x.Kind, x.ObjectId, x.DueAt }).IsUnique();
        // Wall-clock work by time; a clock's work by clock and time.
        b.HasIndex(x => x.DueAt).HasFilter("test_clock_id IS NULL");
        b.HasIndex(x => new { x.TestClockId, x.DueAt }).HasFilter("test_clock_id IS NOT NULL");
        // Failed wall-clock items by their retry time (few rows: the index stays small).
        b.HasIndex(x => x.RetryAt).HasFilter("retry_at IS NOT NULL");
    }
}
