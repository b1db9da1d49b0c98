namespace Recommender.Tests.Infra;

/// <summary>One <c>module</c> call: symbolic name, relative path of the module file and its params object text.</summary>
internal sealed record BicepModuleCall(string Symbol, string RelativePath, string ParamsBody)
{
    /// <summary>The expression passed for a module parameter, or null when it is not passed.</summary>
    public string? Argument(string name) => BicepText.Property(ParamsBody, name);
}
