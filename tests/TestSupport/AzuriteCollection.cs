namespace Recommender.Tests.TestSupport;

/// <summary>Tests that share the Azurite fixture.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Azurite";
}
