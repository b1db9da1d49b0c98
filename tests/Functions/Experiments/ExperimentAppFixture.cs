using Azure.Storage.Blobs;
using Recommender.Core.Artifacts;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Functions.Experiments;

/// <summary>
/// The app through the host stand-in with three published versions: v1 active, v2 published but not promoted, and
/// v3 published with an item-factor file that no longer matches its manifest's checksum (a variant that cannot load).
/// </summary>
public sealed class ExperimentAppFixture : FunctionAppFixture, IAsyncLifetime
{
    public string V2 { get; private set; } = "";

    public string Broken { get; private set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();

        // An NDCG gain of 1 is out of reach, so these are published and never promoted: v1 stays active.
        V2 = Train("--no-feedback", "--min-improve", "1", "--seed", "11").Json.GetProperty("version").GetString()!;
        Broken = Train("--no-feedback", "--min-improve", "1", "--seed", "12").Json.GetProperty("version").GetString()!;
        BlobClient factors = new BlobContainerClient(ConnectionString, "models").GetBlobClient($"{Broken}/{ArtifactNames.ItemFactors}");
        await factors.UploadAsync(BinaryData.FromString("not the published factors"), overwrite: true);
        Assert.Equal(V1, await HealthVersionAsync());
    }
}
