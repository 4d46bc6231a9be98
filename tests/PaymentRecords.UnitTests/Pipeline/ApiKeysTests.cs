using System.Text;
using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.UnitTests.Pipeline;

public class ApiKeysTests
{
    private const string MissingKeyMessage =
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth " +
        "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, " +
        "or we can help at https://support.stripe.com/.";

    private static string Basic(string userPass) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass));

    // ---- the account a key is

    [Fact]
    public void A_key_is_the_account_named_by_the_first_half_of_its_SHA256()
    {
        // Accounts already stored are named this way: the id must never change for a key.
        Assert.Equal("acct_7ba88f380e2bd2b3a94f74a0f3cdb2b5", ApiKeys.AccountIdFor("sk_test_123"));
        foreach (var key in new[] { "sk_test_123", "rk_test_" + new string('x', 247), "sk_test_\u00e9" })
        {
            var expected = "acct_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];
            Assert.Equal(expected, ApiKeys.AccountIdFor(key));
        }
    }

    // ---- extraction

    [Fact]
    public void Bearer_credentials_give_the_key()
    {
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey("Bearer sk_test_123"));
    }

    [Fact]
    public void Scheme_is_case_insensitive_and_surrounding_spaces_are_trimmed()
    {
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey("bearer  sk_test_123 "));
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey("BASIC " + Convert.ToBase64String(Encoding.UTF8.GetBytes("sk_test_123:"))));
    }

    [Fact]
    public void Basic_credentials_give_the_user_name_as_the_key()
    {
        // What curl -u sk_test_123: and stripe-node's Basic auth send.
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey(Basic("sk_test_123:")));
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey(Basic("sk_test_123:ignored-password")));
        Assert.Equal("sk_test_123", ApiKeys.ExtractKey(Basic("sk_test_123")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sk_test_123")]
    [InlineData("Token sk_test_123")]
    [InlineData("Basic not-base64!")]
    public void Unusable_headers_give_no_key(string? header)
    {
        Assert.Null(ApiKeys.ExtractKey(header));
    }

    // ---- authentication

    [Theory]
    [InlineData("Bearer sk_test_123")]
    [InlineData("Bearer rk_test_abc")]
    [InlineData("Bearer sk_test_4eC39HqLyjWDarjtT1zdp7dc")]
    public void Test_mode_secret_and_restricted_keys_authenticate(string header)
    {
        var (accountId, error) = ApiKeys.Authenticate(header);
        Assert.Null(error);
        Assert.StartsWith("acct_", accountId);
    }

    [Fact]
    public void Basic_auth_authenticates_like_bearer()
    {
        Assert.Equal(ApiKeys.Authenticate("Bearer sk_test_123").AccountId, ApiKeys.Authenticate(Basic("sk_test_123:")).AccountId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer ")]
    [InlineData("Token sk_test_123")]
    public void Missing_key_is_a_401_with_Stripes_message(string? header)
    {
        var (accountId, error) = ApiKeys.Authenticate(header);
        Assert.Null(accountId);
        Assert.NotNull(error);
        Assert.Equal(401, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.Null(error.Code);
        Assert.Equal(MissingKeyMessage, error.Message);
    }

    [Theory]
    [InlineData("pk_test_123456789")]
    [InlineData("pk_live_123456789")]
    public void Publishable_key_is_refused_with_its_own_message(string key)
    {
        var (accountId, error) = ApiKeys.Authenticate("Bearer " + key);
        Assert.Null(accountId);
        Assert.Equal(401, error!.Status);
        Assert.Equal(
            "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.",
            error.Message);
    }

    [Fact]
    public void Live_key_is_invalid_and_shown_masked()
    {
        var (accountId, error) = ApiKeys.Authenticate("Bearer sk_live_4eC39HqLyjWDarjtT1zdp7dc");
        Assert.Null(accountId);
        Assert.Equal(401, error!.Status);
        Assert.Null(error.Code); // Stripe sends no code for a bad key, only type and message.
        Assert.Equal("Invalid API Key provided: sk_live_********************p7dc", error.Message);
        Assert.DoesNotContain("4eC39HqLyjWDarjt", error.Message);
    }

    [Theory]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_********************p7dc")]
    [InlineData("rk_live_abcdefgh1234", "rk_live_********1234")]
    [InlineData("sk_test_bad-chars-9999", "sk_test_**********9999")]
    [InlineData("whatever123456", "wha*******3456")]
    public void Mask_keeps_the_type_prefix_and_the_last_four(string key, string masked)
    {
        Assert.Equal(masked, ApiKeys.Mask(key));
        Assert.Equal(key.Length, masked.Length);
    }

    [Theory]
    [InlineData("sk_test_")]
    [InlineData("sk_test_abc-def")]
    [InlineData("sk_test_abc def")]
    [InlineData("ak_test_123")]
    [InlineData("sk_live_123")]
    public void Malformed_keys_are_invalid(string key)
    {
        var (accountId, error) = ApiKeys.Authenticate("Bearer " + key);
        Assert.Null(accountId);
        Assert.Null(error!.Code);
        Assert.StartsWith("Invalid API Key provided: ", error.Message);
    }

    [Fact]
    public void Short_keys_mask_without_failing()
    {
        Assert.Equal("abc", ApiKeys.Mask("abc"));
        Assert.Equal("a", ApiKeys.Mask("a"));
        Assert.Equal("sk_**ve_1", ApiKeys.Mask("sk_live_1"));
    }

    // ---- accounts

    [Fact]
    public void Same_key_gives_the_same_account()
    {
        Assert.Equal(ApiKeys.Authenticate("Bearer sk_test_123").AccountId, ApiKeys.Authenticate("Bearer sk_test_123").AccountId);
        Assert.Equal(ApiKeys.AccountIdFor("sk_test_123"), ApiKeys.AccountIdFor("sk_test_123"));
    }

    [Fact]
    public void Different_keys_give_different_accounts()
    {
        var ids = new[] { "sk_test_123", "sk_test_124", "rk_test_123", "sk_test_1234" }.Select(ApiKeys.AccountIdFor).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Account_id_does_not_contain_the_key()
    {
        var id = ApiKeys.AccountIdFor("sk_test_abcdef123456");
        Assert.DoesNotContain("sk_test", id);
        Assert.DoesNotContain("abcdef123456", id);
        Assert.Matches("^acct_[0-9a-f]{32}$", id);
    }
}
