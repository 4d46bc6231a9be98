using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.HasKey(x => new { x.AccountId, x.Id });
        b.Property(x => x.Seq).UseIdentityAlwaysColumn();
        b.Property(x => x.Metadata).IsMetadataJson();
        b.Property(x => x.Attributes).IsJsonObject();
        // Kept in the attributes (Customer.Delinquent reads and writes its key there), not a column of its own.
        b.Ignore(x => x.Delinquent);
        b.HasIndex(x => new { x.AccountId, x.Created, x.Seq }).IsDescending(false, true, true);
        b.HasIndex(x => new { x.AccountId, x.InvoicePrefix }).IsUnique();
        b.HasIndex(x => new { x.AccountId, x.Email });
    }
}
