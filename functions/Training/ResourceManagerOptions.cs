using Azure.Core;

namespace Recommender.Functions.Training;

/// <summary>Where Azure Resource Manager is and how to get a token for it; tests point it at a local stub.</summary>
/// <param name="Endpoint">The ARM endpoint, https://management.azure.com/ in public Azure.</param>
/// <param name="Credential">The managed identity (or developer) credential.</param>
public sealed record ResourceManagerOptions(Uri Endpoint, TokenCredential Credential)
{
    /// <summary>The public-cloud ARM endpoint.</summary>
    public static readonly Uri PublicCloud = new("https://management.azure.com/");

    /// <summary>The token scope for ARM (the same for a stub, which only checks the bearer token is sent).</summary>
    public string Scope { get; init; } = "https://management.azure.com/.default";

    /// <summary>The Container Apps API version used to start jobs and read executions.</summary>
    public string ApiVersion { get; init; } = "2024-03-01";
}
