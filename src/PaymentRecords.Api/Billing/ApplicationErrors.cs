using Microsoft.EntityFrameworkCore;
using Npgsql;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;

namespace PaymentRecords.Api.Billing;

/// <summary>Stripe's answers to what Application and its stores throw for every resource, written once.</summary>
public static class ApplicationErrors
{
    /// <summary>An object's metadata would pass <see cref="MetadataChange.MaxKeys"/> keys.</summary>
    public static StripeError MetadataTooManyKeys() => ErrorCatalog.Make("metadata_too_many_keys", "metadata");

    /// <summary>
    /// Runs <paramref name="run"/>; objects missing or never held here, metadata past its limit and a unique index's
    /// collision (<see cref="UniqueRules"/>) become Stripe's errors, and so does what <paramref name="refusals"/> maps (a use case's own refusals).
    /// </summary>
    public static async Task<T> MapAsync<T>(Func<Task<T>> run, Func<Exception, StripeError?>? refusals = null)
    {
        try
        {
            return await run();
        }
        catch (NotHeld e)
        {
            throw new StripeException(NotHeldObjects.Missing(e.ObjectType, e.Id, e.Param));
        }
        catch (NotFound e)
        {
            throw new StripeException(e.AsInvalidParameter ? ErrorCatalog.NoSuchParam(e.ObjectType, e.Id, e.Param) : ErrorCatalog.NoSuch(e.ObjectType, e.Id, e.Param));
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
                                          && UniqueRules.ErrorFor(pg.ConstraintName) is { } error)
        {
            // A rule a unique index keeps (a lookup key, a product id…) collided in a use case's flush.
            throw new StripeException(error);
        }
        catch (MetadataLimitExceeded)
        {
            throw new StripeException(MetadataTooManyKeys());
        }
        catch (Exception e) when (refusals?.Invoke(e) is { } error)
        {
            throw new StripeException(error);
        }
    }
}
