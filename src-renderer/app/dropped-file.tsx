// Holds a file dropped anywhere on the window until the import wizard picks it up.
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface DroppedFile {
  file: File | undefined;
  setFile(file: File | undefined): void;
}

const Ctx = createContext<DroppedFile>({ file: undefined, setFile: () => undefined });

export function DroppedFileProvider({ children }: { children: ReactNode }) {
  const [file, setFile] = useState<File | undefined>();
  const value = useMemo(() => ({ file, setFile }), [file]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useDroppedFile(): DroppedFile {
  return useContext(Ctx);
}
