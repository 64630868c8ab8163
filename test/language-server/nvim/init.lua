-- Headless Neovim (0.7+ API: vim.lsp.start_client / buf_attach_client / vim.diagnostic.get) driving the
-- dockerlint language server through Neovim's built-in LSP client.
-- Env: DOCKERLINT_SERVER (server script), DOCKERLINT_OUT (result file), DOCKERLINT_TIMEOUT_MS.
local server = assert(os.getenv('DOCKERLINT_SERVER'), 'DOCKERLINT_SERVER not set')
local out = assert(os.getenv('DOCKERLINT_OUT'), 'DOCKERLINT_OUT not set')
local timeout = tonumber(os.getenv('DOCKERLINT_TIMEOUT_MS') or '20000')

vim.cmd('filetype on')

local client_id = nil
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'dockerfile',
  callback = function(args)
    if not client_id then
      client_id = vim.lsp.start_client({
        name = 'dockerlint',
        cmd = { 'node', server, '--stdio' },
        root_dir = vim.fn.getcwd(),
        settings = { dockerlint = { enable = true } },
      })
    end
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})

local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
dofile(here .. 'report.lua')(out, timeout, function(buf)
  return { filetype = vim.bo[buf].filetype, attached = client_id ~= nil, nvim = vim.version() }
end)
