using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// The dashboard's sign-in: the test key a person entered, kept in a browser-session cookie (no Expires), HttpOnly
/// and SameSite=Strict, its value encrypted with ASP.NET Core Data Protection so the key is not readable from the
/// cookie jar. Each key is its own account, exactly as <see cref="ApiKeys"/> decides for the API.
/// </summary>
public sealed class DashboardSession(IDataProtectionProvider protection, IAntiforgery antiforgery)
{
    public const string CookieName = "pr_dashboard";
    private readonly IDataProtector _protector = protection.CreateProtector("PaymentRecords.Dashboard.Key");

    /// <summary>The signed-in key and its account, or null when there is none (or the cookie does not decrypt).</summary>
    public (string Key, string AccountId)? Current(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var protectedKey) || string.IsNullOrEmpty(protectedKey)) return null;
        try
        {
            var key = _protector.Unprotect(protectedKey);
            var (accountId, error) = ApiKeys.Authenticate("Bearer " + key);
            return error is null ? (key, accountId!) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The account's id when <paramref name="key"/> is a test key the API accepts, else the API's own error message.</summary>
    public static (string? AccountId, string? Error) Check(string? key)
    {
        var (accountId, error) = ApiKeys.Authenticate("Bearer " + (key ?? "").Trim());
        return (accountId, error?.Message);
    }

    public void SignIn(HttpContext http, string key) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect(key.Trim()), Options(http));

    public static void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http));

    private static CookieOptions Options(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = "/dashboard",
        IsEssential = true,
    };

    /// <summary>The hidden field every form carries (and the antiforgery cookie it pairs with).</summary>
    public string AntiforgeryField(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"<input type=\"hidden\" name=\"{Html.Attr(tokens.FormFieldName)}\" value=\"{Html.Attr(tokens.RequestToken ?? "")}\">";
    }

    /// <summary>False when the form's token is missing or does not match its cookie.</summary>
    public Task<bool> IsValidPostAsync(HttpContext http) => antiforgery.IsRequestValidAsync(http);
}
