namespace Recommender.Tests.Infra;

/// <summary>One <c>resource</c> declaration of a Bicep file: symbol, type, API version and body text.</summary>
internal sealed record BicepResource(string Symbol, string Type, string ApiVersion, bool Existing, string Body, BicepText File)
{
    /// <summary>A top-level property of the resource body (object inner text or scalar text), or null.</summary>
    public string? Property(string key) => BicepText.Property(Body, key);

    /// <summary>A property inside the resource's <c>properties</c> object, or null.</summary>
    public string? Setting(string key) => Property("properties") is { } properties ? BicepText.Property(properties, key) : null;
}
