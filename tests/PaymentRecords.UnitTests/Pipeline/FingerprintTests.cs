using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Api.Wire.Spec;

namespace PaymentRecords.UnitTests.Pipeline;

/// <summary>The Idempotency-Key fingerprint: a hash of the coerced parameters, independent of their order.</summary>
public class FingerprintTests
{
    private static readonly StripeRoute Route = new("POST", "/v1/customers", StripeOperations.PostCustomers, "customer",
        _ => Task.FromResult(new JsonObject()));

    private static string Of(string body) =>
        StripePipeline.Fingerprint(Route, ParamCoercer.Coerce(FormDecoder.Decode(body), StripeOperations.PostCustomers.Parameters));

    [Fact]
    public void Fingerprint_is_a_sha256_hex_string()
    {
        Assert.Matches("^[0-9a-f]{64}$", Of("email=a@b.co"));
    }

    [Fact]
    public void Same_params_in_a_different_order_give_the_same_fingerprint()
    {
        Assert.Equal(Of("email=a@b.co&name=Jenny&balance=5"), Of("balance=5&name=Jenny&email=a@b.co"));
    }

    [Fact]
    public void Nested_keys_in_a_different_order_give_the_same_fingerprint()
    {
        Assert.Equal(
            Of("metadata[a]=1&metadata[b]=2&address[city]=Paris&address[line1]=x"),
            Of("address[line1]=x&metadata[b]=2&address[city]=Paris&metadata[a]=1"));
    }

    [Fact]
    public void Indexed_and_appended_lists_with_the_same_items_give_the_same_fingerprint()
    {
        Assert.Equal(Of("preferred_locales[1]=fr&preferred_locales[0]=en"), Of("preferred_locales[]=en&preferred_locales[]=fr"));
    }

    [Fact]
    public void Different_values_give_different_fingerprints()
    {
        Assert.NotEqual(Of("email=a@b.co"), Of("email=a@b.cz"));
        Assert.NotEqual(Of("balance=5"), Of("balance=6"));
        Assert.NotEqual(Of("metadata[a]=1"), Of("metadata[a]=2"));
    }

    [Fact]
    public void Different_keys_with_the_same_value_give_different_fingerprints()
    {
        Assert.NotEqual(Of("name=x"), Of("description=x"));
        Assert.NotEqual(Of("email=a@b.co"), Of("email=a@b.co&name=x"));
    }

    [Fact]
    public void List_order_matters()
    {
        Assert.NotEqual(Of("preferred_locales[0]=en&preferred_locales[1]=fr"), Of("preferred_locales[0]=fr&preferred_locales[1]=en"));
    }

    [Fact]
    public void Empty_string_and_absent_differ()
    {
        Assert.NotEqual(Of("email=a@b.co&business_name="), Of("email=a@b.co"));
    }

    [Fact]
    public void Typed_values_differ_from_their_string_form()
    {
        Assert.NotEqual(
            StripePipeline.Fingerprint(Route, new JsonObject { ["balance"] = 5 }),
            StripePipeline.Fingerprint(Route, new JsonObject { ["balance"] = "5" }));
    }

    /// <summary>
    /// A key stored by an earlier version is still recognised: the fingerprint of these parameters (nested, listed,
    /// escaped and non-ASCII values, typed numbers) is the one the server has always computed for them.
    /// </summary>
    [Fact]
    public void Fingerprints_stored_by_earlier_versions_still_match()
    {
        Assert.Equal("35c527e3f953fe34402a27177c89efdbe2c3429a43f7b6c5eaf1018ab71cca19",
            Of("name=J%C3%A9r%C3%B4me+%22Jo%22+%3Cb%3E&balance=-5&metadata[z]=1&metadata[a]=%E2%82%AC&preferred_locales[]=fr&preferred_locales[]=en" +
               "&address[line1]=1+Rue+%26+Co&address[city]=Paris&tax_exempt=none&invoice_settings[custom_fields][0][name]=n&invoice_settings[custom_fields][0][value]=v"));
    }
}
