using System.Net;
using System.Text.RegularExpressions;

namespace PaymentRecords.IntegrationTests.Dashboard;

/// <summary>A browser-like HTTP client for /dashboard: keeps cookies, posts forms with the page's antiforgery token.</summary>
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;
    public CookieContainer Cookies { get; } = new();

    public DashboardClient(Uri baseAddress)
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public async Task<(HttpStatusCode Status, string Html, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    /// <summary>
    /// GETs <paramref name="path"/>, asserts 200, and returns the page with the database round trips the server counted
    /// for it. Test classes of the server's collection run one at a time, so the counter only moves for this page.
    /// </summary>
    public async Task<(long Trips, string Html)> GetCountingTripsAsync(global::PaymentRecords.Api.Hosting.RoundTripCounter counter, string path,
        Xunit.Abstractions.ITestOutputHelper output)
    {
        var before = counter.Count;
        var (status, html, _) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        var trips = counter.Count - before;
        output.WriteLine($"{path}: {trips}");
        return (trips, html);
    }

    /// <summary>Posts <paramref name="fields"/> with the antiforgery token of the page at <paramref name="formPage"/> (none when null).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string? formPage, params (string Name, string Value)[] fields)
    {
        var pairs = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        if (formPage is not null)
        {
            var (_, html, _) = await GetAsync(formPage);
            var token = Token().Match(html);
            Assert.True(token.Success, "the page carries no antiforgery field: " + html);
            pairs.Add(KeyValuePair.Create(token.Groups["name"].Value, WebUtility.HtmlDecode(token.Groups["value"].Value)));
        }
        return await _http.PostAsync(path, new FormUrlEncodedContent(pairs));
    }

    /// <summary>Signs in with <paramref name="key"/> the way the form does; asserts the redirect into the dashboard.</summary>
    public async Task<HttpResponseMessage> LogInAsync(string key)
    {
        var response = await PostFormAsync("/dashboard/login", "/dashboard", ("key", key));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/invoices", response.Headers.Location?.OriginalString);
        return response;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]+)\">")]
    private static partial Regex Token();

    public void Dispose() => _http.Dispose();
}
