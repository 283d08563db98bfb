// What the folder page's form may do with the ticked rows, apart from the page so that it can be tested in Node.

import { fill } from './upload-logic.js';

/** What a delete of these entries asks before it goes: the file or folder by name, or how many. */
export function deleteQuestion(texts, chosen, folders) {
  if (chosen.length === 1) {
    return fill(folders ? texts.folderWarning : texts.fileWarning, chosen[0].name);
  }
  return fill(folders ? texts.manyFoldersWarning : texts.manyWarning, chosen.length);
}

/** Which of the form's actions fit the ticked entries: the server refuses the others anyway, with a reason. */
export function applicableActions(chosen) {
  const one = chosen.length === 1;
  const folders = chosen.filter((c) => c.type === 'DIRECTORY').length;
  return {
    rename: one,
    copy: one && chosen[0].type === 'FILE',
    zip: chosen.length > 0,
    delete: chosen.length > 0 && folders === 0,
    deleteFolders: chosen.length > 0 && folders === chosen.length,
  };
}
