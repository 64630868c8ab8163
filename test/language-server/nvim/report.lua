-- Shared by the headless Neovim harnesses: on VimEnter, wait for the current buffer's diagnostics, then write them
-- (and whatever `extra(buf)` adds) as JSON to `out` and quit.
return function(out, timeout, extra)
  vim.api.nvim_create_autocmd('VimEnter', {
    callback = function()
      local buf = vim.api.nvim_get_current_buf()
      local ok = vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 50)
      -- Let a possible second publish settle.
      vim.wait(300, function() return false end, 50)
      local items = {}
      for _, d in ipairs(vim.diagnostic.get(buf)) do
        local lsp = (d.user_data and d.user_data.lsp) or {}
        table.insert(items, {
          line = d.lnum, character = d.col, endLine = d.end_lnum, endCharacter = d.end_col,
          severity = d.severity, message = d.message, source = d.source,
          code = d.code or lsp.code,
        })
      end
      local result = extra(buf)
      result.ok = ok and result.ok ~= false
      result.diagnostics = items
      local f = assert(io.open(out, 'w'))
      f:write(vim.fn.json_encode(result))
      f:close()
      vim.cmd('qa!')
    end,
  })
end
