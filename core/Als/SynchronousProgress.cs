namespace Recommender.Core.Als;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, in order
/// (unlike <see cref="Progress{T}"/>, which posts to a synchronisation context or the thread pool).
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
