using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace PaymentRecords.Persistence.SingleTrip;

/// <summary>
/// An entry's current value of a property, read from its entity's member (a shadow property from the entry). Not
/// through <c>EntityEntry.CurrentValues</c>: EF Core 10 builds a new <c>PropertyValues</c>, with a list of the type's
/// complex properties, on every call (about half a kilobyte; a create called it once per row).
/// </summary>
internal static class EntryValues
{
    public static object? Current(EntityEntry entry, IProperty property) =>
        property.IsShadowProperty()
            ? entry.Property(property.Name).CurrentValue
            : property.GetGetter().GetClrValueUsingContainingEntity(entry.Entity);
}
