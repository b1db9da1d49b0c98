namespace Recommender.FunctionsHost.Metadata;

/// <summary>A function the worker declared: where its code is and how it is triggered.</summary>
internal sealed record FunctionDescriptor(string Name, string FunctionId, string ScriptFile, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    /// <summary>The one trigger binding.</summary>
    public FunctionBinding Trigger => Bindings.FirstOrDefault(b => b.IsTrigger && b.IsInput)
        ?? throw new InvalidDataException($"Function '{Name}' has no trigger binding.");
}
