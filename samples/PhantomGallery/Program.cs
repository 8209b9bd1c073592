// Renders generated slices next to a real CT; built up in issue 5.
System.Console.WriteLine("PhantomGallery: under construction.");
