namespace Recommender.Tests.TestSupport;

/// <summary>Azurite tests that measure process-wide allocations, so they run alone, after the parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AzuriteSoloCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Azurite (alone)";
}
