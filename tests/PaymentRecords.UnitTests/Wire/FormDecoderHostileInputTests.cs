using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>Regressions found by the hostile-input fuzzer (tests/PaymentRecords.IntegrationTests/Fuzz).</summary>
public sealed class FormDecoderHostileInputTests
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Tree(params string[] parts) => ToJson(FormDecoder.Decode(parts))!.ToJsonString(Compact);

    private static JsonNode? ToJson(FormNode node) => node switch
    {
        FormValue v => JsonValue.Create(v.Value),
        FormObject o => new JsonObject(o.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        FormList l => new JsonArray(l.Items.Select(ToJson).ToArray()),
        _ => throw new InvalidOperationException(),
    };

    [Theory]
    [InlineData("email=%zz")]
    [InlineData("email=%4")]
    [InlineData("email=abc%")]
    [InlineData("email=%G1")]
    [InlineData("em%ZZail=x")]
    [InlineData("email=%FF%FE")]
    [InlineData("email=%C0%AF")]
    [InlineData("email=%ED%A0%80")]
    [InlineData("email=%E2%82")]
    public void Bad_percent_encoding_or_bytes_that_are_not_UTF8_are_refused(string encoded)
    {
        var error = StripeAssert.Throws(() => FormDecoder.Decode(encoded));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalid_request_error", error.Type);
        Assert.EndsWith("is not valid application/x-www-form-urlencoded data. A % must be followed by two hexadecimal digits, and the decoded bytes must be UTF-8.", error.Message);
        Assert.True(error.IsParameterError);
    }

    [Fact]
    public void Valid_encodings_still_decode()
    {
        Assert.Equal("""{"a":"b c+d","é":"€ü"}""", Tree("a=b+c%2Bd&%C3%A9=%E2%82%AC\u00fc"));
        Assert.Equal("""{"x":"%"}""", Tree("x=%25"));
        Assert.Equal("😀", Assert.IsType<FormValue>(FormDecoder.Decode("emoji=%F0%9F%98%80").Get("emoji")).Value);
    }

    [Theory]
    [InlineData("metadata=1&metadata[a]=2", "metadata[a]")]
    [InlineData("types=1&types[]=2", "types[]")]
    [InlineData("a[b]=1&a[b][c]=2", "a[b][c]")]
    [InlineData("a[][b]=1&a[][b][c]=2", "a[][b][c]")]
    public void A_key_given_as_a_value_and_then_as_a_hash_or_list_is_refused(string encoded, string param)
    {
        var error = StripeAssert.Throws(() => FormDecoder.Decode(encoded));
        StripeAssert.InvalidRequest(error, $"Invalid parameter name: {param}", param);
    }

    [Fact]
    public void A_hash_or_list_replaced_by_a_later_value_keeps_the_value_as_Rack_does()
    {
        Assert.Equal("""{"metadata":"2"}""", Tree("metadata[a]=1&metadata=2"));
        Assert.Equal("""{"types":"2"}""", Tree("types[]=1&types=2"));
    }

    [Fact]
    public void Many_thousands_of_keys_decode_in_linear_time()
    {
        var body = string.Join('&', Enumerable.Range(0, 200_000).Select(i => $"metadata[k{i}]={i}"));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var tree = FormDecoder.Decode(body);
        watch.Stop();
        Assert.Equal(200_000, Assert.IsType<FormObject>(tree.Get("metadata")).Entries.Count);
        // A linear scan per key took minutes here; indexed, well under a second even on a loaded machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
